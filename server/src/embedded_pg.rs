//! A PostgreSQL cluster of the product's own, used when no DATABASE_URL is
//! given: initialised once in a folder, started with the server and stopped
//! with it. PostgreSQL refuses to run as root, so as root it runs as the
//! `postgres` system user that Debian's package creates.
//!
//! The product's cluster is durable (fsync and full-page writes on, as
//! PostgreSQL ships): the ledgers survive a power loss. Only throwaway test
//! clusters (`server db-start`) trade that for speed. Whoever starts a
//! cluster is the one who stops it: a command that found it running leaves
//! it running.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct EmbeddedPostgres {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres_user: bool,
    /// This process started the cluster (rather than finding it running).
    started_here: bool,
}

/// What a crash may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Every commit reaches the disk: the product's data.
    Durable,
    /// Nothing is flushed: test clusters that are thrown away.
    Throwaway,
}

impl Durability {
    fn options(self) -> &'static str {
        match self {
            Durability::Durable => "",
            Durability::Throwaway => {
                " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            }
        }
    }
}

const PORT: u16 = 5432;

impl EmbeddedPostgres {
    /// Initialises the cluster in `dir` if needed and starts it, or adopts
    /// it if it is already running (then `stop_if_started_here` leaves it).
    pub fn start(dir: &Path, durability: Durability) -> Result<EmbeddedPostgres, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
        let mut pg = EmbeddedPostgres {
            bin: find_bin_dir()?,
            as_postgres_user: is_root(),
            dir,
            started_here: false,
        };
        std::fs::create_dir_all(pg.socket_dir()).map_err(|e| e.to_string())?;
        if pg.as_postgres_user {
            pg.hand_over_to_postgres_user()?;
        }
        if !pg.data_dir().join("PG_VERSION").exists() {
            tracing::info!(dir = %pg.data_dir().display(), "initialising the embedded PostgreSQL cluster");
            pg.run(
                "initdb",
                &[
                    "-D".as_ref(),
                    pg.data_dir().as_os_str(),
                    "-U".as_ref(),
                    "postgres".as_ref(),
                    "--auth=trust".as_ref(),
                    "-E".as_ref(),
                    "UTF8".as_ref(),
                    "--no-instructions".as_ref(),
                ],
            )?;
        }
        if pg.is_running() {
            tracing::info!("the embedded PostgreSQL cluster is already running; adopting it");
        } else {
            // Unix socket only, in our own folder: nothing listens on the network.
            let options = format!(
                "-c listen_addresses='' -c unix_socket_directories='{}' -c port={PORT} -c unix_socket_permissions=0700 -c max_connections=200{}",
                pg.socket_dir().display(),
                durability.options()
            );
            let log = pg.dir.join("postgres.log");
            pg.run(
                "pg_ctl",
                &[
                    "start".as_ref(),
                    "-w".as_ref(),
                    "-t".as_ref(),
                    "60".as_ref(),
                    "-D".as_ref(),
                    pg.data_dir().as_os_str(),
                    "-l".as_ref(),
                    log.as_os_str(),
                    "-o".as_ref(),
                    options.as_ref(),
                ],
            )?;
            pg.started_here = true;
        }
        Ok(pg)
    }

    /// Takes over stopping a cluster this process adopted (a server that
    /// holds the folder's lock owns its cluster, even one left running by
    /// a server that crashed).
    pub fn own(&mut self) {
        self.started_here = true;
    }

    /// Stops the cluster if this process started (or owns) it.
    pub fn stop_if_started_here(&self) -> Result<(), String> {
        if self.started_here {
            self.stop()
        } else {
            tracing::info!("leaving the PostgreSQL cluster running: this command did not start it");
            Ok(())
        }
    }

    /// The folder's lock file: held by the server using this cluster.
    pub fn lock_path(dir: &Path) -> PathBuf {
        dir.join("server.lock")
    }

    /// The URL of `database` in this cluster.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost:{PORT}/{database}?host={}",
            self.socket_dir().display()
        )
    }

    /// Stops the cluster, whoever started it (`server db-stop`).
    pub fn stop(&self) -> Result<(), String> {
        if !self.is_running() {
            return Ok(());
        }
        self.run(
            "pg_ctl",
            &[
                "stop".as_ref(),
                "-w".as_ref(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-D".as_ref(),
                self.data_dir().as_os_str(),
            ],
        )
    }

    /// Stops the cluster the way a crash would (no checkpoint, clients cut
    /// off) and starts it again with the same options: PostgreSQL recovers
    /// from its write-ahead log. For the fault tests.
    pub fn crash_and_restart(&self) -> Result<(), String> {
        let log = self.dir.join("postgres.log");
        self.run(
            "pg_ctl",
            &[
                "restart".as_ref(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "-D".as_ref(),
                self.data_dir().as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
            ],
        )
    }

    /// Reattaches to a cluster in `dir` without starting it (to stop it).
    pub fn at(dir: &Path) -> Result<EmbeddedPostgres, String> {
        Ok(EmbeddedPostgres {
            dir: dir.canonicalize().map_err(|e| e.to_string())?,
            bin: find_bin_dir()?,
            as_postgres_user: is_root(),
            started_here: false,
        })
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn socket_dir(&self) -> PathBuf {
        self.dir.join("run")
    }

    fn is_running(&self) -> bool {
        self.command(
            "pg_ctl",
            &[
                "status".as_ref(),
                "-D".as_ref(),
                self.data_dir().as_os_str(),
            ],
        )
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
    }

    fn command(&self, tool: &str, args: &[&std::ffi::OsStr]) -> Command {
        let program = self.bin.join(tool);
        let mut cmd = if self.as_postgres_user {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        cmd.args(args).current_dir(&self.dir);
        cmd
    }

    fn run(&self, tool: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
        let out = self
            .command(tool, args)
            .output()
            .map_err(|e| format!("cannot run {tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// The `postgres` user must own the folder and reach it from `/`.
    fn hand_over_to_postgres_user(&self) -> Result<(), String> {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&self.dir)
            .status()
            .map_err(|e| format!("cannot run chown: {e}"))?;
        if !status.success() {
            return Err(
                "chown to the postgres user failed: is Debian's postgresql package installed?"
                    .into(),
            );
        }
        let mut ancestor = self.dir.parent();
        while let Some(dir) = ancestor {
            if let Ok(meta) = std::fs::metadata(dir) {
                let mode = meta.permissions().mode();
                if mode & 0o001 == 0 {
                    tracing::warn!(dir = %dir.display(), "letting the postgres user traverse this folder (o+x)");
                    let mut perms = meta.permissions();
                    perms.set_mode(mode | 0o001);
                    std::fs::set_permissions(dir, perms).map_err(|e| e.to_string())?;
                }
            }
            ancestor = dir.parent();
        }
        Ok(())
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// PG_BIN, else the newest /usr/lib/postgresql/*/bin, else the PATH.
fn find_bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .find(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
        })
        .ok_or_else(|| {
            "PostgreSQL is not installed: install Debian's postgresql package or set DATABASE_URL"
                .into()
        })
}
