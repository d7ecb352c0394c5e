//! Builds and runs the application: database, migrations, demo data, the background jobs and
//! the HTTP server, with graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::extract::ConnectInfo;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
};
use seatwise_api::Mode;
use tokio::{net::TcpListener, sync::Notify, task::JoinHandle};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::{
    clock::{SharedClock, SystemClock},
    config::Settings,
    domain::{keys::Keyring, PasswordHasher},
    files::FileStore,
    http, jobs, seed,
    state::{AppState, HashGate},
    store::Db,
};

pub struct Application {
    listener: TcpListener,
    state: AppState,
    transport: Arc<jobs::outbox::Transport>,
    /// What delivers text messages, when anything does.
    text_transport: Option<Arc<jobs::outbox::Transport>>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`] with another time source (tests).
    pub async fn build_with_clock(settings: Settings, clock: SharedClock) -> anyhow::Result<Application> {
        let db = Db::connect(&settings.database_url).await?;
        let hasher = Arc::new(PasswordHasher::new());
        if settings.mode == Mode::Production {
            let demo = seed::usable_demo_sign_ins(&db, &hasher).await?;
            if !demo.is_empty() {
                anyhow::bail!(
                    "this database holds the demo sign-ins ({}), whose password is published in the README; \
                     production mode refuses it. Start production with a new database, or lock every account \
                     that has the demo password with `seatwise-server disable-demo-accounts`",
                    demo.join(", ")
                );
            }
        }
        let transport = Arc::new(jobs::outbox::Transport::from_settings(&settings)?);
        let text_transport = jobs::outbox::Transport::for_texts(&settings)?.map(Arc::new);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let mut settings = settings;
        // Port 0 means "any free port": a public URL derived from the listen address follows
        // the port we got.
        if settings.listen.port() == 0 && settings.public_url.port() == Some(0) {
            let port = listener.local_addr()?.port();
            let _ = settings.public_url.set_port(Some(port));
        }
        let files = Arc::new(FileStore::open(&settings.storage_dir, settings.max_upload_bytes)?);
        let keys = Arc::new(Keyring::open(&db, clock.unix()).await?);
        let webauthn = crate::domain::passkeys::relying_party(&settings.public_url).map(Arc::new);
        if webauthn.is_none() {
            tracing::info!(url = %settings.public_url, "passkeys are off: the public URL has no domain name");
        }
        let oidc = Arc::new(crate::domain::linked::Oidc::new(&settings)?);
        let state = AppState {
            oidc,
            webauthn,
            files,
            keys,
            db,
            hash_gate: Arc::new(HashGate::new(settings.password_hash_workers, settings.password_hash_queue)),
            settings: Arc::new(settings),
            clock,
            hasher,
            mail_wake: Arc::new(Notify::new()),
            text_wake: Arc::new(Notify::new()),
        };
        if state.settings.seed_demo {
            seed::seed_demo(&state).await.context("seeding the demo data failed")?;
        }
        Ok(Application { listener, state, transport, text_transport })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes; then in-flight requests finish (for at most
    /// [`http::SHUTDOWN_GRACE`]) and the background jobs stop after the work in hand.
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
        let texts: Option<JoinHandle<()>> = self.text_transport.clone().map(|transport| {
            tokio::spawn(jobs::outbox::run(
                self.state.db.clone(),
                self.state.clock.clone(),
                transport,
                self.state.text_wake.clone(),
                self.state.settings.outbox_poll,
                stop.clone(),
            ))
        });
        let retention = tokio::spawn(jobs::retention::run(self.state.clone(), stop.clone()));
        let renewals = tokio::spawn(jobs::renewals::run(self.state.clone(), stop.clone()));
        let support = tokio::spawn(jobs::support::run(self.state.clone(), stop.clone()));
        let app = http::router(self.state.clone());
        tracing::info!(address = %self.listener.local_addr()?, url = %self.state.settings.public_url, "listening");
        serve(self.listener, app, self.state.settings.header_read_timeout, shutdown).await;
        tracing::info!("HTTP server stopped; stopping background jobs");
        stop.cancel();
        let _ = worker.await;
        if let Some(texts) = texts {
            let _ = texts.await;
        }
        let _ = retention.await;
        let _ = renewals.await;
        let _ = support.await;
        self.state.db.close().await;
        Ok(())
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// Accepts connections until `shutdown`, HTTP/1.1 and HTTP/2, each request told its peer's
/// address. A client has `header_read_timeout` to send a request's headers (no slow-loris).
async fn serve(
    listener: TcpListener,
    app: axum::Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(req)
        });
        let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let conn = graceful.watch(conn.into_owned());
        tokio::spawn(async move {
            // Errors here are clients going away or breaking the protocol: nothing to act on.
            let _ = conn.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(http::SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still busy after the grace period; closing them");
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
