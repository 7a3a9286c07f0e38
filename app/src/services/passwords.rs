//! Password hashing with argon2id (19 MiB, 2 passes, 1 lane).
//!
//! Each hash takes 19 MiB and a core for tens of milliseconds, so hashes run
//! under a small pool: as many at once as the machine has cores, a bounded
//! queue behind them, and a short wait. Beyond that the caller is told the
//! server is busy (503 with Retry-After) instead of the server taking memory
//! without bound.

use crate::domain::account::Password;
use crate::error::{AppError, AppResult};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Requests waiting for a hashing slot, at most.
const MAX_WAITING: usize = 64;
/// How long a request waits for a slot before being told to come back.
const MAX_WAIT: Duration = Duration::from_secs(5);

struct Pool {
    slots: Semaphore,
    waiting: AtomicUsize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        slots: Semaphore::new(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        ),
        waiting: AtomicUsize::new(0),
    })
}

fn busy() -> AppError {
    AppError::Busy(
        "The server is busy checking other passwords. Please try again in a few seconds.".into(),
    )
}

/// Runs `work` on a blocking thread once a hashing slot is free.
async fn in_pool<T: Send + 'static>(
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let pool = pool();
    // Counted before waiting, so a flood is refused at once past the queue.
    if pool.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        pool.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(busy());
    }
    let slot = tokio::time::timeout(MAX_WAIT, pool.slots.acquire()).await;
    pool.waiting.fetch_sub(1, Ordering::SeqCst);
    let _slot = match slot {
        Ok(Ok(permit)) => permit,
        Ok(Err(closed)) => return Err(AppError::internal(closed)),
        Err(_) => return Err(busy()),
    };
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)?
}

/// Hashes a new password.
pub async fn hash(password: &Password) -> AppResult<String> {
    let password = password.clone();
    in_pool(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(AppError::internal)
    })
    .await
}

/// A hash of nothing in particular, verified against when the account does not
/// exist so that a wrong email takes as long as a wrong password.
const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZPyP0Y4iRU9QNjJBOqBLPm6n1H2yJTrkGdWv1C3kS5k";

pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    in_pool(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| DECOY.to_owned());
        let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
        let ok = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && exists)
    })
    .await
}
