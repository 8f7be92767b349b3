-- The local API's queues, indexed for what reads them: the deliverer looks only at pending deliveries of an
-- entity (delivered ones are history, pruned after a week), and the idempotency sweep reads by age.
DROP INDEX webhook_deliveries_by_entity;
CREATE INDEX webhook_deliveries_pending_by_entity ON webhook_deliveries (subscription_id, entity, id)
    WHERE status = 'pending';
CREATE INDEX idempotent_answers_by_age ON idempotent_answers (created_at);
