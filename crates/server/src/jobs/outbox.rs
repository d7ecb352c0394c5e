//! Delivers queued mail and text messages: mail over SMTP when configured, otherwise (demo
//! mode) into the dev mailbox; text messages through the SMS gateway when configured, otherwise
//! (demo mode) onto the Text messages page. One worker per channel; failed deliveries are
//! retried with exponential backoff, then given up (a text message once its code has expired).

use std::{sync::Arc, time::Duration};

use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use secrecy::ExposeSecret;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::{
    clock::SharedClock,
    config::{Settings, SmsGateway, SmtpTls},
    store::{
        outbox::{Channel, OutboxRow},
        Db,
    },
};

/// Attempts before a mail is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claimed mail stays reserved for the worker that claimed it.
const LEASE_SECS: i64 = 120;
const BATCH: i64 = 20;

pub enum Transport {
    Smtp { smtp: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    /// Demo mode without SMTP: the mail is shown on the Mailbox page.
    Mailbox,
    /// Text messages: a POST to the operator's SMS gateway.
    SmsGateway { client: reqwest::Client, gateway: SmsGateway },
    /// Demo mode without a gateway: text messages are shown on the Text messages page.
    Texts,
}

impl Transport {
    pub fn from_settings(s: &Settings) -> anyhow::Result<Transport> {
        let Some(cfg) = &s.smtp else { return Ok(Transport::Mailbox) };
        let builder = match cfg.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)?,
        };
        let mut builder = builder.port(cfg.port).timeout(Some(Duration::from_secs(20)));
        if let (Some(user), Some(pass)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.expose_secret().to_string()));
        }
        let from: Mailbox = s.mail_from.parse()?;
        Ok(Transport::Smtp { smtp: builder.build(), from })
    }

    /// What carries text messages: the gateway, the demo's page, or nothing (production
    /// without a gateway offers no codes by text message, so none are queued).
    pub fn for_texts(s: &Settings) -> anyhow::Result<Option<Transport>> {
        if let Some(gateway) = &s.sms_gateway {
            // The gateway's answer is all that counts: no redirects are followed.
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()?;
            return Ok(Some(Transport::SmsGateway { client, gateway: gateway.clone() }));
        }
        Ok(s.texts_enabled().then_some(Transport::Texts))
    }

    fn name(&self) -> &'static str {
        match self {
            Transport::Smtp { .. } => "smtp",
            Transport::Mailbox => "mailbox",
            Transport::SmsGateway { .. } => "sms-gateway",
            Transport::Texts => "texts",
        }
    }

    fn channel(&self) -> Channel {
        match self {
            Transport::Smtp { .. } | Transport::Mailbox => Channel::Mail,
            Transport::SmsGateway { .. } | Transport::Texts => Channel::Text,
        }
    }

    async fn deliver(&self, mail: &OutboxRow) -> anyhow::Result<()> {
        match self {
            Transport::Mailbox | Transport::Texts => Ok(()),
            Transport::SmsGateway { client, gateway } => {
                let mut req = client
                    .post(gateway.url.clone())
                    .header(reqwest::header::CONTENT_TYPE, &gateway.content_type)
                    .body(gateway.render(&mail.to_address, &mail.text_body));
                if let Some(auth) = &gateway.authorization {
                    req = req.header(reqwest::header::AUTHORIZATION, auth.expose_secret());
                }
                let res = req.send().await?;
                anyhow::ensure!(res.status().is_success(), "the SMS gateway answered {}", res.status());
                Ok(())
            }
            Transport::Smtp { smtp, from } => {
                let to = Mailbox::new(
                    (!mail.to_name.is_empty()).then(|| mail.to_name.clone()),
                    mail.to_address.parse()?,
                );
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .message_id(Some(format!("<{}@seatwise>", mail.id)))
                    .multipart(
                        MultiPart::alternative()
                            .singlepart(
                                SinglePart::builder()
                                    .header(ContentType::TEXT_PLAIN)
                                    .body(mail.text_body.clone()),
                            )
                            .singlepart(
                                SinglePart::builder()
                                    .header(ContentType::TEXT_HTML)
                                    .body(mail.html_body.clone()),
                            ),
                    )?;
                smtp.send(message).await?;
                Ok(())
            }
        }
    }
}

/// When to try a failed delivery again, if at all: after [`backoff`], while attempts are
/// left; a text message only while the code it carries still works (it dies after
/// `CODE_MINUTES`), so nobody gets a code that can no longer be used.
pub fn retry_at(channel: Channel, attempts_before: i64, created_at: i64, now: i64) -> Option<i64> {
    let at = now + backoff(attempts_before);
    let alive = match channel {
        Channel::Mail => true,
        Channel::Text => at < created_at + crate::domain::text_codes::CODE_MINUTES * 60,
    };
    (attempts_before + 1 < MAX_ATTEMPTS && alive).then_some(at)
}

/// Delay before attempt `attempts + 1`: 30 s, 1 min, 2 min … at most an hour.
pub fn backoff(attempts: i64) -> i64 {
    (30i64 << attempts.clamp(0, 7)).min(3600)
}

/// Runs until `stop` is cancelled; the mail being delivered then is finished first.
pub async fn run(
    db: Db,
    clock: SharedClock,
    transport: Arc<Transport>,
    wake: Arc<Notify>,
    poll: Duration,
    stop: CancellationToken,
) {
    tracing::info!(transport = transport.name(), "outbox worker started");
    loop {
        let mut delivered_any = false;
        match db.claim_mail(transport.channel(), clock.unix(), LEASE_SECS, BATCH).await {
            Ok(batch) => {
                for mail in batch {
                    delivered_any = true;
                    deliver_one(&db, &clock, &transport, &mail).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "outbox: cannot claim mail"),
        }
        if stop.is_cancelled() {
            break;
        }
        if delivered_any {
            continue;
        }
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
    }
    tracing::info!("outbox worker stopped");
}

async fn deliver_one(db: &Db, clock: &SharedClock, transport: &Transport, mail: &OutboxRow) {
    match transport.deliver(mail).await {
        Ok(()) => {
            if let Err(e) = db.mark_mail_sent(&mail.id, transport.name(), clock.unix()).await {
                tracing::error!(mail = %mail.id, error = %e, "outbox: delivered but not marked sent");
            } else {
                tracing::info!(mail = %mail.id, kind = %mail.kind, via = transport.name(), "mail delivered");
            }
        }
        Err(e) => {
            let attempts = mail.attempts + 1;
            let retry_at = retry_at(transport.channel(), mail.attempts, mail.created_at, clock.unix());
            tracing::warn!(mail = %mail.id, attempts, error = %e, give_up = retry_at.is_none(), "mail delivery failed");
            if let Err(e) = db.mark_mail_failed(&mail.id, &e.to_string(), retry_at).await {
                tracing::error!(mail = %mail.id, error = %e, "outbox: cannot record the failure");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{backoff, retry_at, Channel, MAX_ATTEMPTS};

    #[test]
    fn texts_are_retried_only_while_their_code_works() {
        // A mail: every attempt, then no more.
        assert_eq!(retry_at(Channel::Mail, 0, 0, 100), Some(130));
        assert_eq!(retry_at(Channel::Mail, 5, 0, 10_000), Some(10_000 + 960));
        assert_eq!(retry_at(Channel::Mail, MAX_ATTEMPTS - 1, 0, 100), None);
        // A text sent at 0 carries a code of 10 minutes: 30 s, 1, 2 and 4 minutes later are
        // tried, not beyond.
        assert_eq!(retry_at(Channel::Text, 0, 0, 5), Some(35));
        assert_eq!(retry_at(Channel::Text, 3, 0, 200), Some(440));
        assert_eq!(retry_at(Channel::Text, 4, 0, 440), None);
        assert_eq!(retry_at(Channel::Text, 0, 0, 590), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0), 30);
        assert_eq!(backoff(1), 60);
        assert_eq!(backoff(3), 240);
        assert_eq!(backoff(10), 3600);
        assert!((0..20).map(backoff).collect::<Vec<_>>().windows(2).all(|w| w[0] <= w[1]));
    }
}
