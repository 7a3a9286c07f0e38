//! Stored files against a real PostgreSQL and a real folder: the count is
//! kept under parallel uploads, a crash between the bytes and their row
//! leaves nothing visible and nothing unreclaimed, and a rejected or
//! cancelled project loses its files after the grace period.

use crate::common::user;

use app::domain::files::PURGE_AFTER;
use app::domain::files::{UploadRefusal, MAX_FILES_PER_PROJECT};
use app::domain::project::ProjectForm;
use app::services::accounts::User;
use app::services::files::{self, FileStore, Stored, SWEEP_GRACE};
use app::services::{gateway::Gateway, projects, worker};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

const PDF: &[u8] = b"%PDF-1.4\n% a brief\n";

fn store() -> FileStore {
    FileStore::new(std::env::temp_dir().join(format!(
        "marketplace-files-test-{}",
        uuid::Uuid::new_v4().simple()
    )))
}

fn stored_files(store: &FileStore) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&store.root)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn published(pool: &PgPool, client: &User, staff: &User) -> i64 {
    let form = ProjectForm {
        title: "Bakery website".into(),
        description: "A small online shop for our bakery, please.".into(),
        services: vec!["web_development".into()],
        region: "bretagne".into(),
        budget_min: "100".into(),
        budget_max: "200".into(),
        desired_start: (OffsetDateTime::now_utc().date() + Duration::days(10)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let id = projects::create(pool, client, &form, OffsetDateTime::now_utc().date())
        .await
        .unwrap();
    projects::validate(pool, staff, id).await.unwrap();
    id
}

async fn rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM project_files")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_uploads_never_pass_the_count(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = published(&pool, &client, &staff).await;
    let store = store();
    let uploads: Vec<_> = (0..30)
        .map(|i| {
            let (pool, store, client) = (pool.clone(), store.clone(), client.clone());
            tokio::spawn(async move {
                files::store(&pool, &store, &client, id, &format!("brief-{i}.pdf"), PDF).await
            })
        })
        .collect();
    let (mut done, mut too_many) = (0, 0);
    for u in uploads {
        match u.await.unwrap().unwrap() {
            Stored::Done(_) => done += 1,
            Stored::Refused(UploadRefusal::TooMany) => too_many += 1,
            Stored::Refused(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(done, MAX_FILES_PER_PROJECT);
    assert_eq!(too_many, 30 - MAX_FILES_PER_PROJECT);
    assert_eq!(rows(&pool).await, MAX_FILES_PER_PROJECT);
    // The refused uploads left no bytes behind.
    assert_eq!(stored_files(&store).len() as i64, MAX_FILES_PER_PROJECT);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_crash_between_the_bytes_and_their_row_leaves_nothing_visible_and_nothing_unreclaimed(
    pool: PgPool,
) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = published(&pool, &client, &staff).await;
    let store = store();
    // A real upload, then the first half of another one: its bytes reach
    // the disk, and the process dies before its row is written.
    let kept = match files::store(&pool, &store, &client, id, "kept.pdf", PDF)
        .await
        .unwrap()
    {
        Stored::Done(f) => f,
        Stored::Refused(r) => panic!("{r:?}"),
    };
    let orphan = store.put(b"%PDF-1.4\n% the crash\n").await.unwrap();
    // And a write cut short before its rename.
    std::fs::write(store.root.join("0123abcd.part"), b"%PDF-1").unwrap();
    assert_eq!(stored_files(&store).len(), 3);

    // Nothing of it is visible: the project lists the one file.
    let listed = files::list(&pool, &client, id).await.unwrap();
    assert_eq!(
        listed
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["kept.pdf"]
    );

    // The sweep leaves what may still be an upload in flight...
    let now = OffsetDateTime::now_utc();
    assert_eq!(files::sweep(&pool, &store, now).await.unwrap(), 0);
    // ...and reclaims it once it cannot be.
    let later = now + SWEEP_GRACE + Duration::minutes(1);
    assert_eq!(files::sweep(&pool, &store, later).await.unwrap(), 2);
    let left = stored_files(&store);
    assert_eq!(left.len(), 1);
    assert!(!left.contains(&orphan));
    // The kept file still opens.
    let open = files::open(&pool, &store, &client, kept.id).await.unwrap();
    assert_eq!(std::fs::read(open.path).unwrap(), PDF);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cancelled_project_loses_its_files_after_the_grace_period(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = published(&pool, &client, &staff).await;
    let store = store();
    for name in ["a.pdf", "b.pdf"] {
        assert!(matches!(
            files::store(&pool, &store, &client, id, name, PDF)
                .await
                .unwrap(),
            Stored::Done(_)
        ));
    }
    projects::cancel(&pool, &client, id).await.unwrap();
    let ctx = worker::JobContext {
        gateway: Gateway::test(),
        files: store.clone(),
    };
    let now = OffsetDateTime::now_utc();
    // Not before the grace period: the client may still want them.
    assert!(
        worker::run_due(&pool, &ctx, now + PURGE_AFTER - Duration::hours(1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(rows(&pool).await, 2);
    let ran = worker::run_due(&pool, &ctx, now + PURGE_AFTER + Duration::minutes(1))
        .await
        .unwrap();
    assert!(
        matches!(ran.as_slice(), [worker::Ran::Done { outcome, .. }] if outcome == "2 file(s) removed"),
        "{ran:?}"
    );
    assert_eq!(rows(&pool).await, 0);
    // Their bytes are now unreferenced, and swept.
    let swept = files::sweep(&pool, &store, now + SWEEP_GRACE + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(swept, 2);
    assert!(stored_files(&store).is_empty());
}
