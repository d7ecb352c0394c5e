use std::{path::Path, time::Duration};

use seatwise_api::ErrorCode;

use crate::{helpers::*, on_both_databases};

on_both_databases!(mail_is_delivered_over_smtp, mailbox_exists_only_without_smtp_in_demo_mode, shutdown_is_graceful);

/// A real SMTP server on loopback (aiosmtpd, writing a Maildir).
pub struct SmtpSink {
    pub child: tokio::process::Child,
    pub port: u16,
    pub maildir: std::path::PathBuf,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = std::env::temp_dir().join(format!("seatwise-smtp-{}", uuid::Uuid::new_v4().simple()));
        let child = tokio::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .kill_on_drop(true)
            .spawn()
            .expect("python3 with aiosmtpd (scripts/install-tools.sh --browser installs it)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return SmtpSink { child, port, maildir };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink did not start");
    }

    pub fn messages(&self) -> Vec<String> {
        let dir = self.maildir.join("new");
        let Ok(entries) = std::fs::read_dir(&dir) else { return vec![] };
        entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect()
    }
}

async fn mail_is_delivered_over_smtp(b: Backend) {
    let mut sink = SmtpSink::start().await;
    let port = sink.port.to_string();
    let app = spawn_app_with(b, &[
        ("SEATWISE_SMTP_HOST", "127.0.0.1"), ("SEATWISE_SMTP_PORT", &port), ("SEATWISE_SMTP_TLS", "none"),
        ("SEATWISE_MAIL_FROM", "Seatwise <no-reply@seatwise.test>"),
    ]).await;
    app.sign_up("ana@example.com").await;
    let mut found = None;
    for _ in 0..100 {
        if let Some(m) = sink.messages().into_iter().next() {
            found = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let raw = found.expect("a message reached the SMTP server");
    assert!(raw.contains("To: Ana <ana@example.com>") || raw.contains("To: \"Ana\" <ana@example.com>"), "{raw}");
    assert!(raw.contains("From: Seatwise <no-reply@seatwise.test>"), "{raw}");
    assert!(raw.contains("multipart/alternative"));
    // Slovenian subject, encoded; the link is in the body.
    assert!(raw.contains("Subject: =?utf-8?") || raw.contains("Subject: Potrdite"), "{raw}");
    let unfolded = raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    assert!(unfolded.contains("/verify-email?token="), "{raw}");
    // Delivered mail is marked sent, and there is no dev mailbox with SMTP configured.
    assert_error(app.get("/dev/mailbox").await, 404, ErrorCode::NotFound).await;
    let sent: i64 = sqlx::query_scalar(&app.db.sql_owned("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND delivered_via = 'smtp'".into()))
        .fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(sent, 1);
    let _ = sink.child.kill().await;
    let _ = std::fs::remove_dir_all(&sink.maildir);
    assert!(!Path::new(&sink.maildir).exists());
}

async fn mailbox_exists_only_without_smtp_in_demo_mode(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_MODE", "production"), ("SEATWISE_SMTP_HOST", "127.0.0.1"), ("SEATWISE_SMTP_PORT", "9"), ("SEATWISE_SMTP_TLS", "none")]).await;
    assert_error(app.get("/dev/mailbox").await, 404, ErrorCode::NotFound).await;
    let c: seatwise_api::PublicConfig = app.get("/config").await.json().await.unwrap();
    assert!(!c.mailbox);
    // Undeliverable mail stays queued for a retry instead of being lost.
    app.sign_up("ana@example.com").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, attempts): (String, i64) = sqlx::query_as(&app.db.sql_owned("SELECT status, attempts FROM outbox".into()))
        .fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(status, "pending");
    assert!(attempts >= 1);
}

async fn shutdown_is_graceful(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    app.wait_for_mail("ana@example.com", "/verify-email").await;
    let address = app.address.clone();
    // In-flight work finishes, the worker stops, the server returns Ok.
    tokio::time::timeout(Duration::from_secs(30), app.stop()).await.expect("stops in time");
    assert!(reqwest::get(format!("{address}/api/v1/health")).await.is_err(), "no longer listening");
}
