//! Real server processes (the `seatwise-server` binary), for what one process cannot show:
//! a SIGKILL in the middle of writes, two servers on one database.

use std::{collections::HashMap, process::Stdio, time::Duration};

use reqwest::Client;
use tokio::process::{Child, Command};

use crate::helpers::{browser, Backend};

pub struct ServerProcess {
    child: Child,
    pub address: String,
    env: HashMap<String, String>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl ServerProcess {
    /// Starts the binary with these settings (on top of a loopback listen address on a free
    /// port) and waits until it answers.
    pub async fn start(env: &[(&str, &str)]) -> ServerProcess {
        let port = free_port();
        let mut all: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        all.insert("SEATWISE_LISTEN".into(), format!("127.0.0.1:{port}"));
        all.entry("SEATWISE_WEB_DIR".into()).or_insert_with(|| "/nonexistent-seatwise-web".into());
        all.entry("RUST_LOG".into()).or_insert_with(|| "warn".into());
        let mut p = ServerProcess { child: spawn(&all), address: format!("http://127.0.0.1:{port}"), env: all };
        p.wait_healthy().await;
        p
    }

    async fn wait_healthy(&mut self) {
        let url = format!("{}/api/v1/health", self.address);
        for _ in 0..1200 {
            if let Ok(r) = reqwest::get(&url).await {
                if r.status() == 200 {
                    return;
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited with {status} before answering");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not answer within a minute");
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    pub async fn kill9(&mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }

    /// Starts the same server again on the same port and database.
    pub async fn restart(&mut self) {
        self.child = spawn(&self.env);
        self.wait_healthy().await;
    }

    /// A browser tab on this server.
    pub fn browser(&self) -> Client {
        browser(&self.address)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

fn spawn(env: &HashMap<String, String>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seatwise-server"));
    // Only the settings given: nothing from the environment of the test run.
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("SEATWISE_")) {
        cmd.env_remove(k);
    }
    cmd.envs(env).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit()).kill_on_drop(true);
    cmd.spawn().expect("the seatwise-server binary starts")
}

/// A new, empty database of the backend: its URL.
pub async fn fresh_database_url(b: Backend) -> String {
    crate::helpers::fresh_database(b).await
}
