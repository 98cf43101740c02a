//! A PostgreSQL database of a test's own on the stack's server, so tests run in parallel
//! without seeing each other's rows.

use sqlx::PgPool;

/// The stack's server, as `scripts/stack.sh env` names it.
pub fn admin_url() -> String {
    std::env::var("APEX_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres:apex@127.0.0.1:5432/postgres".into())
}

/// A fresh, empty database.
pub struct TestDatabase {
    pub name: String,
    pub url: String,
    /// A pool on the server's admin database (to create, alter and drop test databases).
    pub admin: PgPool,
}

/// Creates `<kind>_<random>` and returns it.
pub async fn fresh(kind: &str) -> TestDatabase {
    let admin = apex::store::connect(&admin_url()).await.expect("the stack's PostgreSQL");
    let name = format!("{kind}_{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
    let url = format!("{}/{name}", admin_url().rsplit_once('/').unwrap().0);
    TestDatabase { name, url, admin }
}
