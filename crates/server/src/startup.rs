//! Builds and runs the application: database, migrations, demo data, the outbox worker and
//! the HTTP server, with graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc};

use anyhow::Context;
use tokio::{net::TcpListener, sync::Notify, task::JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::{
    clock::{SharedClock, SystemClock},
    config::Settings,
    domain::{links::LinkKey, PasswordHasher},
    files::FileStore,
    http, jobs, seed,
    state::AppState,
    store::Db,
};

pub struct Application {
    listener: TcpListener,
    state: AppState,
    transport: Arc<jobs::outbox::Transport>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`] with another time source (tests).
    pub async fn build_with_clock(settings: Settings, clock: SharedClock) -> anyhow::Result<Application> {
        let db = Db::connect(&settings.database_url).await?;
        let transport = Arc::new(jobs::outbox::Transport::from_settings(&settings)?);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let mut settings = settings;
        // Port 0 means "any free port": the public URL follows the port we got.
        if settings.listen.port() == 0 {
            let port = listener.local_addr()?.port();
            let _ = settings.public_url.set_port(Some(port));
        }
        let files = Arc::new(FileStore::open(&settings.storage_dir, settings.max_upload_bytes)?);
        let key = db.server_key("download_links", &LinkKey::generate_hex(), time::OffsetDateTime::now_utc().unix_timestamp()).await?;
        let link_key = Arc::new(LinkKey::from_hex(&key).context("the stored download link key is damaged")?);
        let state = AppState {
            files,
            link_key,
            db,
            settings: Arc::new(settings),
            clock,
            hasher: Arc::new(PasswordHasher::new()),
            mail_wake: Arc::new(Notify::new()),
        };
        if state.settings.seed_demo {
            seed::seed_demo(&state).await.context("seeding the demo data failed")?;
        }
        Ok(Application { listener, state, transport })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes; then in-flight requests finish and the outbox
    /// worker stops after the mail it is sending.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let stop = CancellationToken::new();
        let worker: JoinHandle<()> = tokio::spawn(jobs::outbox::run(
            self.state.db.clone(),
            self.state.clock.clone(),
            self.transport.clone(),
            self.state.mail_wake.clone(),
            self.state.settings.outbox_poll,
            stop.clone(),
        ));
        let sweeper = tokio::spawn(sweep_sessions(self.state.clone(), stop.clone()));
        let app = http::router(self.state.clone());
        tracing::info!(address = %self.listener.local_addr()?, url = %self.state.settings.public_url, "listening");
        let server = axum::serve(self.listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown);
        let result = server.await;
        tracing::info!("HTTP server stopped; stopping background jobs");
        stop.cancel();
        let _ = worker.await;
        let _ = sweeper.await;
        self.state.db.close().await;
        result.context("the HTTP server failed")
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// Deletes expired sessions now and then.
async fn sweep_sessions(state: AppState, stop: CancellationToken) {
    loop {
        let now = state.clock.unix();
        let idle = state.settings.session_idle.as_secs() as i64;
        let absolute = state.settings.session_absolute.as_secs() as i64;
        if let Err(e) = state.db.purge_sessions(now - idle, now - absolute).await {
            tracing::warn!(error = %e, "cannot purge expired sessions");
        }
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
        }
    }
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
