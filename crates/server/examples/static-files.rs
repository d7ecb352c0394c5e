//! A plain static file server (tower-http `ServeDir` on the same axum/hyper stack), the
//! baseline of `scripts/bench-download.sh`: no sessions, no entitlement checks, no logging.
//! Usage: static-files DIR PORT

use std::net::SocketAddr;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or_else(|| anyhow::anyhow!("usage: static-files DIR PORT"))?;
    let port: u16 = args.next().ok_or_else(|| anyhow::anyhow!("usage: static-files DIR PORT"))?.parse()?;
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
