//! Redis locks with fencing tokens, against real Redis (the stack's, and private instances
//! this test starts and kills for the outage cases). Keys are under a random prefix.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use apex::lock::{LockError, Locks, Redlock};
use support::redis::PrivateRedis;

fn url() -> String {
    std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into())
}

fn prefix() -> String {
    format!("t{}:", &uuid::Uuid::new_v4().simple().to_string()[..10])
}

async fn locks() -> Locks {
    Locks::connect(&url(), &prefix()).await.expect("the stack's Redis")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_contention_exactly_one_task_wins() {
    let locks = Arc::new(locks().await);
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let locks = locks.clone();
            tokio::spawn(
                async move { locks.acquire("booking-42", &format!("owner-{i}"), Duration::from_secs(5)).await },
            )
        })
        .collect();
    let mut winners = Vec::new();
    for t in tasks {
        if let Some(lease) = t.await.unwrap().unwrap() {
            winners.push(lease);
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(locks.holder("booking-42").await.unwrap().as_deref(), Some(winners[0].owner.as_str()));
}

#[tokio::test]
async fn after_expiry_another_owner_takes_over_with_a_higher_fencing_token() {
    let locks = locks().await;
    let first = locks.acquire("wf", "a", Duration::from_millis(150)).await.unwrap().unwrap();
    assert!(locks.acquire("wf", "b", Duration::from_secs(5)).await.unwrap().is_none(), "held by a");
    let deadline = support::deadline(5);
    let second = loop {
        if let Some(lease) = locks.acquire("wf", "b", Duration::from_secs(5)).await.unwrap() {
            break lease;
        }
        assert!(Instant::now() < deadline, "a's lease never expired");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(second.fence > first.fence, "{} > {}", second.fence, first.fence);
    let mut stale = first.clone();
    assert!(!locks.renew(&mut stale, Duration::from_secs(5)).await.unwrap(), "a cannot renew b's lock");
}

#[tokio::test]
async fn a_stale_fencing_token_is_rejected() {
    let locks = locks().await;
    assert!(locks.admit_fence("flight-booking", 10).await.unwrap());
    assert!(locks.admit_fence("flight-booking", 10).await.unwrap(), "the same owner again");
    assert!(!locks.admit_fence("flight-booking", 9).await.unwrap(), "an older owner");
    assert!(locks.admit_fence("flight-booking", 11).await.unwrap());
    assert!(!locks.admit_fence("flight-booking", 10).await.unwrap());
}

#[tokio::test]
async fn only_the_owner_releases_and_renews() {
    let locks = locks().await;
    let mut lease = locks.acquire("l", "a", Duration::from_secs(5)).await.unwrap().unwrap();
    assert!(!locks.release("l", "b").await.unwrap(), "not b's to release");
    assert_eq!(locks.holder("l").await.unwrap().as_deref(), Some("a"));
    assert!(locks.renew(&mut lease, Duration::from_secs(5)).await.unwrap());
    let again = locks.acquire("l", "a", Duration::from_secs(5)).await.unwrap().unwrap();
    assert_eq!(again.fence, lease.fence, "re-acquiring one's own lock keeps the token");
    assert!(locks.release("l", "a").await.unwrap());
    assert_eq!(locks.holder("l").await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_fails_closed_and_a_restart_recovers() {
    let mut redis = PrivateRedis::start();
    let locks = Locks::connect(&redis.url(), "t:").await.unwrap();
    assert!(locks.acquire("x", "a", Duration::from_secs(5)).await.unwrap().is_some());
    redis.kill();
    let err = locks.acquire("y", "a", Duration::from_secs(5)).await.unwrap_err();
    assert!(matches!(err, LockError::Unavailable(_)), "{err}");
    assert!(err.to_string().starts_with("Redis is unavailable, so the lock is not held"), "{err}");
    let port = redis.port;
    let _restarted = PrivateRedis::start_on(port);
    let deadline = support::deadline(15);
    loop {
        match locks.acquire("y", "a", Duration::from_secs(5)).await {
            Ok(Some(_)) => break,
            Ok(None) => panic!("a fresh Redis has no holder"),
            Err(_) => assert!(Instant::now() < deadline, "no reconnect after the restart"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redlock_needs_a_majority_and_fails_closed_without_one() {
    let mut servers: Vec<PrivateRedis> = (0..3).map(|_| PrivateRedis::start()).collect();
    let mut instances = Vec::new();
    for s in &servers {
        instances.push(Locks::connect(&s.url(), "t:").await.unwrap());
    }
    let redlock = Redlock::new(instances);
    let lease = redlock.acquire("region-lock", "us", Duration::from_secs(5)).await.unwrap().unwrap();
    assert!(redlock.acquire("region-lock", "eu", Duration::from_secs(5)).await.unwrap().is_none());
    redlock.release("region-lock", "us").await;
    servers[0].kill();
    let with_two = redlock.acquire("region-lock", "eu", Duration::from_secs(5)).await.unwrap().unwrap();
    assert!(with_two.fence >= lease.fence);
    servers[1].kill();
    let err = redlock.acquire("other", "eu", Duration::from_secs(5)).await.unwrap_err();
    assert!(matches!(err, LockError::NoQuorum { reached: 1, needed: 2, total: 3 }), "{err}");
}
