//! Which copies are kept: the rule, as a pure function with its table test beside it.
//!
//! - Daily copies: the newest copy of each of the 7 most recent days (UTC) that have one, and the newest
//!   copy of each of the 4 most recent ISO weeks that have one. "Most recent days that have one", not "the
//!   last 7 calendar days": after a month with the app closed, the newest copies are still kept rather
//!   than all of them expiring at once.
//! - Pre-migration copies (the way back from an update) and copies a person asked for: every one younger
//!   than 30 days, whatever else there is. A person who backs up twice in a day keeps both.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike};

use super::BackupKind;

pub const DAILY_KEPT: usize = 7;
pub const WEEKLY_KEPT: usize = 4;
pub const KEPT_FOR_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// A copy as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub kind: BackupKind,
    pub taken_at: i64,
}

/// The indices (into `copies`, in any order) of the copies to keep at `now`.
pub fn kept(copies: &[Dated], now: i64) -> BTreeSet<usize> {
    let mut keep = BTreeSet::new();
    let mut regular: Vec<usize> = Vec::new();
    for (i, c) in copies.iter().enumerate() {
        match c.kind {
            BackupKind::PreMigration | BackupKind::Manual => {
                if now - c.taken_at < KEPT_FOR_MS {
                    keep.insert(i);
                }
            }
            // A copy dated ahead of the clock (the clock was wrong once) is kept, but holds no day or
            // week: otherwise it would push today's copies out until that date came.
            BackupKind::Daily if c.taken_at > now => {
                keep.insert(i);
            }
            BackupKind::Daily => regular.push(i),
        }
    }
    // Newest first, so the first copy met in a day (or week) is that day's newest.
    regular.sort_by(|a, b| copies[*b].taken_at.cmp(&copies[*a].taken_at));
    keep.extend(newest_per(&regular, copies, DAILY_KEPT, |d| d.num_days_from_ce() as i64));
    keep.extend(newest_per(&regular, copies, WEEKLY_KEPT, |d| {
        let w = d.iso_week();
        w.year() as i64 * 100 + w.week() as i64
    }));
    keep
}

/// The newest copy of each of the `periods` most recent periods (as `period` names a day) that have one.
fn newest_per(
    newest_first: &[usize],
    copies: &[Dated],
    periods: usize,
    period: impl Fn(chrono::NaiveDate) -> i64,
) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    let mut chosen = Vec::new();
    for &i in newest_first {
        let day = DateTime::from_timestamp_millis(copies[i].taken_at).unwrap_or_default().date_naive();
        if seen.len() == periods && !seen.contains(&period(day)) {
            break;
        }
        if seen.insert(period(day)) {
            chosen.push(i);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn at(y: i32, m: u32, d: u32, h: u32) -> i64 {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
        Utc.from_utc_datetime(&date).timestamp_millis()
    }

    fn kept_times(copies: &[Dated], now: i64) -> Vec<(BackupKind, i64)> {
        let mut v: Vec<_> = kept(copies, now).into_iter().map(|i| (copies[i].kind, copies[i].taken_at)).collect();
        v.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
        v
    }

    #[test]
    fn sixty_days_of_copies_keep_seven_days_four_weeks_and_a_month_of_the_others() {
        // 2026-12-07 is a Monday. Two daily copies (03:00 and 15:00, the app restarted) on each of the 60
        // days up to and including today; a person's copy every 7 days, a pre-migration copy every 10.
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let mut copies = Vec::new();
        for back in 0..60 {
            let d = today - chrono::Duration::days(back);
            let (y, m, day) = (d.year(), d.month(), d.day());
            copies.push(Dated { kind: BackupKind::Daily, taken_at: at(y, m, day, 3) });
            copies.push(Dated { kind: BackupKind::Daily, taken_at: at(y, m, day, 15) });
            if back % 7 == 3 {
                copies.push(Dated { kind: BackupKind::Manual, taken_at: at(y, m, day, 12) });
            }
            if back % 10 == 5 {
                copies.push(Dated { kind: BackupKind::PreMigration, taken_at: at(y, m, day, 9) });
            }
        }
        let now = at(2026, 12, 7, 18);
        let mut want = vec![
            // The newest daily copy of each of the last 7 days: Dec 7 back to Dec 1.
            (BackupKind::Daily, at(2026, 12, 7, 15)),
            (BackupKind::Daily, at(2026, 12, 6, 15)),
            (BackupKind::Daily, at(2026, 12, 5, 15)),
            (BackupKind::Daily, at(2026, 12, 4, 15)),
            (BackupKind::Daily, at(2026, 12, 3, 15)),
            (BackupKind::Daily, at(2026, 12, 2, 15)),
            (BackupKind::Daily, at(2026, 12, 1, 15)),
            // Weeks: this one and the last (Dec 7 and Dec 6, kept already), then the Sundays ending the
            // two before them. Nov 15 goes: it is the fifth week.
            (BackupKind::Daily, at(2026, 11, 29, 15)),
            (BackupKind::Daily, at(2026, 11, 22, 15)),
            // A person's copies and pre-migration copies of the last 30 days (since Nov 7, 18:00).
            (BackupKind::Manual, at(2026, 12, 4, 12)),
            (BackupKind::Manual, at(2026, 11, 27, 12)),
            (BackupKind::Manual, at(2026, 11, 20, 12)),
            (BackupKind::Manual, at(2026, 11, 13, 12)),
            (BackupKind::PreMigration, at(2026, 12, 2, 9)),
            (BackupKind::PreMigration, at(2026, 11, 22, 9)),
            (BackupKind::PreMigration, at(2026, 11, 12, 9)),
        ];
        let mut got = kept_times(&copies, now);
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn after_a_long_pause_the_newest_copies_are_still_kept() {
        // Four copies three months ago, then nothing: the rule keeps them all (they are the newest), and a
        // pre-migration copy of that time has expired.
        let copies = [
            Dated { kind: BackupKind::Daily, taken_at: at(2026, 9, 1, 3) },
            Dated { kind: BackupKind::Daily, taken_at: at(2026, 9, 2, 3) },
            Dated { kind: BackupKind::Daily, taken_at: at(2026, 9, 2, 4) },
            Dated { kind: BackupKind::PreMigration, taken_at: at(2026, 9, 2, 5) },
        ];
        let got = kept_times(&copies, at(2026, 12, 7, 0));
        assert_eq!(got, vec![(BackupKind::Daily, at(2026, 9, 2, 4)), (BackupKind::Daily, at(2026, 9, 1, 3))]);
    }

    #[test]
    fn a_copy_from_the_future_holds_no_slot() {
        let now = at(2026, 12, 7, 12);
        let mut copies: Vec<Dated> =
            (1..=7).map(|d| Dated { kind: BackupKind::Daily, taken_at: at(2026, 12, d, 3) }).collect();
        copies.push(Dated { kind: BackupKind::Daily, taken_at: at(2027, 3, 1, 3) });
        assert_eq!(kept(&copies, now).len(), 8, "the seven days and the odd one, all kept");
    }

    #[test]
    fn a_pre_migration_or_personal_copy_is_kept_for_thirty_days_exactly() {
        let now = at(2026, 12, 31, 0);
        let copies = [
            Dated { kind: BackupKind::PreMigration, taken_at: now - KEPT_FOR_MS + 1 },
            Dated { kind: BackupKind::PreMigration, taken_at: now - KEPT_FOR_MS },
            Dated { kind: BackupKind::Manual, taken_at: now - KEPT_FOR_MS + 1 },
            Dated { kind: BackupKind::Manual, taken_at: now - KEPT_FOR_MS },
        ];
        assert_eq!(kept(&copies, now), BTreeSet::from([0, 2]));
        assert!(kept(&[], now).is_empty());
    }
}
