//! Password hashing with argon2id (19 MiB, 2 passes, 1 lane).
//!
//! Each hash takes 19 MiB and a core for tens of milliseconds, so hashes run
//! on a small pool: as many threads as the machine has cores, a bounded
//! queue behind them, and a short wait. Beyond that the caller is told the
//! server is busy (503 with Retry-After) instead of the server taking memory
//! without bound.

use crate::domain::account::Password;
use crate::domain::msg::AccountMsg;
use crate::error::{AppError, AppResult, Msg};
use argon2::password_hash::{
    rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::OnceLock;
use std::time::Duration;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Requests waiting for a hashing thread, at most.
const MAX_WAITING: usize = 64;
/// How long a request waits for its hash before being told to come back.
const MAX_WAIT: Duration = Duration::from_secs(5);

type Job = Box<dyn FnOnce() + Send>;

/// A few long-lived threads that do nothing but hash, fed by a bounded
/// queue. Hashing on tokio's blocking pool would spread the 19 MiB blocks
/// over hundreds of threads whose allocator arenas keep them: a flood of
/// logins once left the server holding gigabytes. Here at most one block
/// per thread is ever held.
struct Workers {
    queue: std::sync::mpsc::SyncSender<Job>,
}

fn workers() -> &'static Workers {
    static WORKERS: OnceLock<Workers> = OnceLock::new();
    WORKERS.get_or_init(|| {
        let (queue, jobs) = std::sync::mpsc::sync_channel::<Job>(MAX_WAITING);
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        for i in 0..threads {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("password-hashing-{i}"))
                .spawn(move || loop {
                    let next = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    match next {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("a password-hashing thread");
        }
        Workers { queue }
    })
}

fn busy() -> AppError {
    AppError::Busy(Msg::Account(AccountMsg::PasswordsBusy))
}

/// Runs `work` on a hashing thread, or says the server is busy when the
/// queue is full or the answer takes too long.
async fn in_pool<T: Send + 'static>(
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    match workers().queue.try_send(job) {
        Ok(()) => {}
        Err(std::sync::mpsc::TrySendError::Full(_)) => return Err(busy()),
        Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
            return Err(AppError::internal("the password-hashing threads are gone"))
        }
    }
    match tokio::time::timeout(MAX_WAIT, answered).await {
        Ok(Ok(result)) => result,
        Ok(Err(dropped)) => Err(AppError::internal(dropped)),
        Err(_) => Err(busy()),
    }
}

/// Each hashing thread's argon2 memory, allocated once and reused: left to
/// argon2, every hash would allocate its 19 MiB anew, and the allocator
/// keeps growing its heap with them (300 logins once held 380 MB).
fn with_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    thread_local! {
        static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        work(&mut memory[..blocks])
    })
}

/// What argon2 computes for `password` with `salt` and `params`, as many
/// bytes as `out` holds, in this thread's memory.
fn compute(password: &[u8], salt: &Salt<'_>, params: Params, out: &mut [u8]) -> AppResult<()> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(AppError::internal)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let blocks = argon.params().block_count();
    with_memory(blocks, |memory| {
        argon.hash_password_into_with_memory(password, salt, out, memory)
    })
    .map_err(AppError::internal)
}

/// Hashes a new password (a PHC string: `$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: &Password) -> AppResult<String> {
    let password = password.clone();
    in_pool(move || {
        let salt = SaltString::generate(&mut OsRng);
        let params = hasher().params().clone();
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        compute(
            password.expose().as_bytes(),
            &salt.as_salt(),
            params.clone(),
            &mut out,
        )?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(AppError::internal)?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).map_err(AppError::internal)?),
        };
        Ok(phc.to_string())
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
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(AppError::internal(
                "a stored password hash without salt or output",
            ));
        };
        if parsed.algorithm != argon2::ARGON2ID_IDENT {
            return Err(AppError::internal(
                "a stored password hash that is not argon2id",
            ));
        }
        let params = Params::try_from(&parsed).map_err(AppError::internal)?;
        let mut out = vec![0u8; expected.len()];
        compute(password.as_bytes(), &salt, params, &mut out)?;
        // Output compares in constant time.
        let ok = Output::new(&out).map_err(AppError::internal)? == expected;
        Ok(ok && exists)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[tokio::test]
    async fn hashes_verify_and_match_argon2s_own() {
        let password = Password::parse("a long passphrase").unwrap();
        let stored = hash(&password).await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("a long passphrase".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("another one".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("a long passphrase".into(), None).await.unwrap());
        // A hash made by the argon2 crate itself (as stored before) verifies.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = hasher()
            .hash_password(b"a long passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(verify("a long passphrase".into(), Some(theirs.clone()))
            .await
            .unwrap());
        // And ours verifies with theirs.
        let ours = PasswordHash::new(&stored).unwrap();
        assert!(hasher()
            .verify_password(b"a long passphrase", &ours)
            .is_ok());
    }
}
