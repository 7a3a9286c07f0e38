//! The product's own PostgreSQL, driven through the real binary as an
//! operator would: it is durable, `create-staff` never stops a cluster it
//! did not start, and a second server on the same data folder is refused.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

fn server() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    // The test runner's database must not be used: the product's own is.
    c.env_remove("DATABASE_URL")
        .env_remove("MARKETPLACE_DEMO")
        .env("RUST_LOG", "warn");
    c
}

fn data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "marketplace-operator-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    // The postgres user (when we run as root) must reach it.
    let _ = Command::new("chmod").arg("755").arg(&dir).status();
    dir
}

fn serve(dir: &Path, port: u16) -> Child {
    server()
        .env("MARKETPLACE_DATA_DIR", dir)
        .env("MARKETPLACE_FILES_DIR", dir.join("files"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

async fn health(port: u16) -> Option<String> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.ok()?;
    Some(answer)
}

async fn wait_healthy(port: u16) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(90) {
        if health(port)
            .await
            .is_some_and(|a| a.contains(r#""database":"up""#))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the server did not become healthy");
}

fn cluster_running(dir: &Path) -> bool {
    // pg_ctl status, as the cluster's owner would run it.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1 | xargs -I{{}} runuser -u postgres -- {{}} status -D {}/data 2>/dev/null || pg_ctl status -D {}/data",
            dir.display(),
            dir.display()
        ))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).contains("server is running")
}

fn create_staff(dir: &Path, email: &str) -> Output {
    server()
        .env("MARKETPLACE_DATA_DIR", dir)
        .env("MARKETPLACE_STAFF_PASSWORD", "a staff password")
        .args(["create-staff", email, "Nadia Roux"])
        .output()
        .unwrap()
}

fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
}

fn psql(dir: &Path, sql: &str) -> String {
    let out = Command::new("psql")
        .args(["-At", "-h"])
        .arg(dir.join("run"))
        .args(["-U", "postgres", "-d", "marketplace", "-c", sql])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn the_own_cluster_is_durable_shared_safely_and_stopped_only_by_who_started_it() {
    let dir = data_dir();
    let first = serve(&dir, 3127);
    wait_healthy(3127).await;

    // Durable: every commit reaches the disk.
    assert_eq!(psql(&dir, "SHOW fsync"), "on");
    assert_eq!(psql(&dir, "SHOW full_page_writes"), "on");

    // An operator command while the server runs: done, and the server keeps its database.
    let made = create_staff(&dir, "nadia@example.com");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(
        String::from_utf8_lossy(&made.stdout).contains("staff account nadia@example.com created")
    );
    assert!(health(3127).await.unwrap().contains(r#""database":"up""#));
    assert!(cluster_running(&dir));

    // A second server on the same folder is refused, and harms nothing.
    let second = server()
        .env("MARKETPLACE_DATA_DIR", &dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:3128")
        .output()
        .unwrap();
    assert!(!second.status.success());
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(
        said.contains("another marketplace server") && said.contains("is already using"),
        "{said}"
    );
    assert!(health(3127).await.unwrap().contains(r#""database":"up""#));

    // The server stops the cluster it started.
    stop(first);
    assert!(!cluster_running(&dir));

    // With no server, the command starts the cluster for itself, and stops it again.
    let made = create_staff(&dir, "omar@example.com");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(!cluster_running(&dir));

    // Both accounts are there when the server comes back.
    let again = serve(&dir, 3127);
    wait_healthy(3127).await;
    assert_eq!(
        psql(&dir, "SELECT count(*) FROM users WHERE role = 'staff'"),
        "2"
    );
    stop(again);
    assert!(!cluster_running(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}
