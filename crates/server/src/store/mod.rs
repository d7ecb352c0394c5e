//! Storage on portable SQL through sqlx's `Any` driver: one implementation, run against SQLite
//! (embedded, the default) and PostgreSQL. Statements are written with `$1` placeholders; for
//! SQLite they become `?1`, which binds the same way.

pub mod accounts;
pub mod billing;
pub mod bindings;
pub mod directory;
pub mod catalogue;
pub mod keys;
pub mod licensing;
pub mod reports;
pub mod report_tokens;
pub mod linked;
pub mod outbox;
pub mod email_changes;
pub mod erasure;
pub mod fulltext;
pub mod home;
pub mod personal;
pub mod passkeys;
pub mod phones;
pub mod prices;
pub mod security;
pub mod support;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod two_step;
pub mod users;
pub mod vendor;

use std::{borrow::Cow, path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    AnyPool, Executor,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    kind: DbKind,
}

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects and runs the migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("sqlite:") { DbKind::Sqlite } else { DbKind::Postgres };
        let mut url = url.to_string();
        if kind == DbKind::Sqlite {
            url = prepare_sqlite_url(&url)?;
        }
        let options = AnyConnectOptions::from_str(&url)
            .with_context(|| "the database URL is not valid")?;
        let pool = match kind {
            DbKind::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                 PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
            }
            DbKind::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
            }
        }
        .with_context(|| format!("cannot connect to the {kind:?} database"))?;
        let db = Db { pool, kind };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.kind {
            DbKind::Sqlite => &SQLITE_MIGRATOR,
            DbKind::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator.run(&self.pool).await.context("database migrations failed")
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction. Every transaction here writes, so on SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`): concurrent writers then queue for the busy timeout. A
    /// deferred transaction that reads first and writes second fails at once with "database is
    /// locked" when another connection wrote in between (its snapshot is stale), which no
    /// timeout can wait out.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        match self.kind {
            DbKind::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            DbKind::Postgres => self.pool.begin().await,
        }
    }

    /// The statement in this database's placeholder syntax.
    pub fn sql(&self, sql: &'static str) -> Cow<'static, str> {
        match self.kind {
            DbKind::Postgres => Cow::Borrowed(sql),
            DbKind::Sqlite => Cow::Owned(sql.replace('$', "?")),
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates the directory of an SQLite file and asks for the file to be created if missing.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        anyhow::bail!("SEATWISE_DATABASE_URL: give SQLite a file, e.g. sqlite://data/seatwise.db");
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the database directory {}", dir.display()))?;
    }
    let query = if query.contains("mode=") { query.to_string() } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// True when the error is a unique-constraint violation.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_a_file_and_create_mode() {
        let dir = std::env::temp_dir().join(format!("seatwise-url-{}", std::process::id()));
        let url = format!("sqlite://{}/db/x.db", dir.display());
        let out = prepare_sqlite_url(&url).unwrap();
        assert!(out.ends_with("x.db?mode=rwc"));
        assert!(dir.join("db").is_dir());
        assert!(prepare_sqlite_url("sqlite::memory:").is_err());
    }
}
