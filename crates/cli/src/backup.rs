//! `storedesk-cli backup …`: take, list, check and restore copies of the database.
//!
//! `restore` and `verify` do not open the database (a damaged one is the reason to run them); `restore`
//! is refused while any storedesk process has the data directory open.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use storedesk_app::backups::{self, BackupOverview};
use storedesk_app::{App, Role};
use storedesk_core::backup::BackupEntry;

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Take a consistent copy now (into the data directory's backups/ and the second folder, if set).
    Create {
        /// Write the copy into this folder instead (it is not pruned by the retention rule).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The copies, newest first, with what each holds.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Replace the database with a copy (the current file is kept aside). Quit storedesk first.
    Restore { file: PathBuf },
    /// Check a copy fully (integrity, schema) and say what it holds.
    Verify { file: PathBuf },
}

pub async fn run(data_dir: &Path, command: BackupCommand) -> crate::Outcome {
    match command {
        BackupCommand::Create { to, json } => {
            let app = App::open(data_dir, Role::Guest).await?;
            let result = create(&app, to.as_deref(), json).await;
            app.close().await;
            result
        }
        BackupCommand::List { json } => list(data_dir, json).await,
        BackupCommand::Restore { file } => {
            let restored = backups::restore_backup(data_dir, &file, None).await?;
            println!("restored {} ({})", file.display(), holds(&restored.contents));
            if let Some(kept) = restored.previous_kept_as {
                println!("the database it replaced was kept as {kept}");
            }
            Ok(())
        }
        BackupCommand::Verify { file } => {
            let contents = backups::verify_backup(&file).await?;
            println!("{}: good ({})", file.display(), holds(&contents));
            Ok(())
        }
    }
}

async fn create(app: &App, to: Option<&Path>, json: bool) -> crate::Outcome {
    let (copy, second) = match to {
        Some(dir) => (app.back_up_to(dir).await?, None),
        None => {
            let taken = app.back_up_now().await?;
            if let Some(problem) = &taken.second_problem {
                eprintln!("storedesk-cli: the copy was not put in the second folder: {problem}");
            }
            (taken.copy, taken.second_copy)
        }
    };
    for entry in std::iter::once(&copy).chain(second.as_ref()) {
        print_entry(entry, json)?;
    }
    Ok(())
}

async fn list(data_dir: &Path, json: bool) -> crate::Outcome {
    // The second folder is a setting in the database; when it cannot be opened, backups/ is all there is.
    let overview = match App::open(data_dir, Role::Guest).await {
        Ok(app) => {
            let overview = app.backups().await;
            app.close().await;
            overview?
        }
        Err(e) => {
            eprintln!("storedesk-cli: the database did not open ({e}); listing backups/ only");
            let folder = storedesk_core::backup::backups_dir(data_dir).display().to_string();
            let copies = backups::list_backups(data_dir).await?;
            BackupOverview {
                folder,
                copies,
                second_folder: None,
                second_copies: Vec::new(),
                second_folder_problem: None,
            }
        }
    };
    if let Some(problem) = &overview.second_folder_problem {
        eprintln!("storedesk-cli: the second folder could not be read: {problem}");
    }
    for entry in overview.copies.iter().chain(&overview.second_copies) {
        print_entry(entry, json)?;
    }
    Ok(())
}

fn print_entry(entry: &BackupEntry, json: bool) -> crate::Outcome {
    if json {
        println!("{}", serde_json::to_string(entry)?);
        return Ok(());
    }
    let what = match (&entry.contents, &entry.problem) {
        (Some(c), _) => holds(c),
        (None, Some(problem)) => format!("UNREADABLE: {problem}"),
        (None, None) => String::new(),
    };
    println!(
        "{}  {:<13}  {:>10} bytes  {}  {}",
        storedesk_core::time::rfc3339_utc(entry.taken_at),
        entry.kind.as_str(),
        entry.size_bytes,
        what,
        entry.path
    );
    Ok(())
}

fn holds(c: &storedesk_core::backup::BackupContents) -> String {
    format!(
        "{} shops, {} products, {} orders, {} pending edits, {} offer history rows, {} API keys",
        c.shops, c.products, c.orders, c.pending_edits, c.offer_history_rows, c.api_keys
    )
}
