//! PostgreSQL: the queryable event store and projections (`migrations/`).

pub mod projection;
pub mod queries;
pub mod rows;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("APEX_DATABASE_URL is not set")]
    NotConfigured,
    #[error("PostgreSQL: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Whether PostgreSQL refused the data itself (SQLSTATE class 22, data exception, such as
    /// a NUL character in text or JSON; class 54, a value over a limit), not the connection:
    /// retrying the same rows cannot help, so the projector isolates the record instead.
    pub fn is_about_data(&self) -> bool {
        match self {
            Self::Database(sqlx::Error::Database(e)) => {
                e.code().is_some_and(|code| code.starts_with("22") || code.starts_with("54"))
            }
            Self::Database(sqlx::Error::Encode(_)) => true,
            _ => false,
        }
    }
}

/// Connects a small pool to `url`.
///
/// # Errors
/// [`StoreError::Database`] when the URL is invalid or the server unreachable.
pub async fn connect(url: &str) -> Result<PgPool, StoreError> {
    let options: PgConnectOptions = url.parse::<PgConnectOptions>()?.log_statements(tracing::log::LevelFilter::Debug);
    Ok(PgPoolOptions::new().max_connections(8).connect_with(options).await?)
}

/// Applies every pending migration; returns how many were applied.
///
/// # Errors
/// [`StoreError`] when connecting or migrating fails.
pub async fn migrate(pool: &PgPool) -> Result<usize, StoreError> {
    let before: i64 = applied(pool).await.unwrap_or(0);
    MIGRATOR.run(pool).await?;
    let after = applied(pool).await?;
    Ok((after - before).max(0) as usize)
}

async fn applied(pool: &PgPool) -> Result<i64, StoreError> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await?;
    if !exists {
        return Ok(0);
    }
    Ok(sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success").fetch_one(pool).await?)
}
