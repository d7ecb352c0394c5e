//! Settings, layered: built-in defaults, then an optional TOML file (`SEATWISE_CONFIG`), then
//! `SEATWISE_*` environment variables. Invalid settings stop start-up with a message that names
//! the setting and what it expects.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use secrecy::SecretString;
use seatwise_api::Mode;
use url::Url;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (`SEATWISE_LISTEN`, default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// `sqlite:` (default, embedded) or `postgres://` (`SEATWISE_DATABASE_URL`).
    pub database_url: String,
    /// Address people reach the portal at; used in mail links and the CSRF origin check.
    pub public_url: Url,
    /// The built web app (`SEATWISE_WEB_DIR`, default `dist`).
    pub web_dir: PathBuf,
    pub mode: Mode,
    pub smtp: Option<SmtpSettings>,
    /// Where codes by text message are sent (`SEATWISE_SMS_GATEWAY_*`); without one, demo mode
    /// shows them on the Text messages page and production offers no codes by text message.
    pub sms_gateway: Option<SmsGateway>,
    /// Sender of every mail, e.g. `Seatwise <no-reply@example.com>`.
    pub mail_from: String,
    /// Sets `Secure` on cookies; defaults to true when the public URL is https.
    pub cookie_secure: bool,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub verify_token_ttl: Duration,
    pub reset_token_ttl: Duration,
    /// How long an invitation link works.
    pub invitation_ttl: Duration,
    /// Create the demo accounts on an empty database (demo mode only).
    pub seed_demo: bool,
    /// How often the outbox worker looks for mail to deliver.
    pub outbox_poll: Duration,
    pub log_json: bool,
    pub privacy_statement_version: String,
    /// Where uploaded release files are kept (`SEATWISE_STORAGE_DIR`, default `data/files`).
    /// Every server of a deployment must see the same directory (a shared volume).
    pub storage_dir: PathBuf,
    /// Largest file vendor staff may upload (`SEATWISE_MAX_UPLOAD_MB`, default 4096).
    pub max_upload_bytes: u64,
    /// How long a signed download link works (`SEATWISE_DOWNLOAD_LINK_MINUTES`, default 60).
    pub download_link_ttl: Duration,
    /// Usual fulfilment times shown to customers.
    pub typical: seatwise_api::TypicalTimes,
    /// Demo mode on an address other than loopback (`SEATWISE_DEMO_INSECURE_PUBLIC_LISTEN`):
    /// the Mailbox then shows everyone's links to anyone who can reach the server.
    pub demo_insecure_public_listen: bool,
    /// Peers whose `X-Forwarded-For` / `Forwarded` headers are believed (`SEATWISE_TRUSTED_PROXIES`,
    /// comma-separated CIDRs such as `10.0.0.0/8, ::1/128`). Nobody by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Delivered and failed mails are deleted this long after they were queued.
    pub outbox_retention: Duration,
    /// How often the retention job runs (on one server at a time).
    pub retention_interval: Duration,
    /// Failed sign-ins allowed per client address in 15 minutes.
    pub sign_in_failures_per_ip: i64,
    /// Failed sign-ins allowed per minute across all addresses and accounts.
    pub sign_in_failures_per_minute: i64,
    /// Invitation mails (new, resent, imported) an account may send per hour.
    pub invitation_mails_per_hour: i64,
    /// Password hashes computed at once (default: the number of CPUs).
    pub password_hash_workers: usize,
    /// Password hashes that may wait for a worker; beyond that the answer is 503.
    pub password_hash_queue: usize,
    /// Longest time to receive a request's headers.
    pub header_read_timeout: Duration,
    /// Longest time for an API request (file uploads and downloads excepted: they stream).
    pub request_timeout: Duration,
    /// OpenID Connect providers people can sign in with and link (`SEATWISE_OIDC_PROVIDERS`, a
    /// JSON array of `{"id", "name", "issuer", "client_id", "client_secret"}`). None by default.
    pub oidc_providers: Vec<OidcProvider>,
    /// Renewal and invoicing rules (`SEATWISE_RENEWAL_WINDOW_DAYS`, `SEATWISE_RENEWAL_REMINDER_DAYS`,
    /// `SEATWISE_TAX_RATES`, `SEATWISE_INVOICE_DUE_DAYS`, `SEATWISE_RENEWAL_INTERVAL_SECONDS`).
    pub billing: BillingSettings,
    /// The licensing API of the desktop products (`SEATWISE_DEVICE_TOKEN_DAYS`,
    /// `SEATWISE_LICENCE_OFFLINE_HOURS`, `SEATWISE_HEARTBEAT_SECONDS`,
    /// `SEATWISE_DEVICE_INACTIVE_DAYS`, `SEATWISE_USAGE_RETENTION_DAYS`).
    pub licensing: LicensingSettings,
    /// A solved support case closes by itself this long after it was solved, unless the customer
    /// replies (`SEATWISE_SUPPORT_AUTOCLOSE_DAYS`, default 7). The renewal job's interval checks it.
    pub support_autoclose_secs: i64,
}

#[derive(Debug, Clone)]
pub struct LicensingSettings {
    /// A device token works this long after sign-in (default 90 days).
    pub device_token_ttl_secs: i64,
    /// A check-out lets the product run offline this long (default 72 hours).
    pub offline_secs: i64,
    /// Seconds between a running product's heartbeats (default 300).
    pub heartbeat_secs: i64,
    /// A device with no heartbeat for this long is shown as inactive (default 30 days).
    pub inactive_after_secs: i64,
    /// Raw heartbeats and usage events older than this are purged; the daily rollups stay
    /// (default 400 days, so a year's reports can be rebuilt).
    pub retention_secs: i64,
}

#[derive(Debug, Clone)]
pub struct BillingSettings {
    /// A renewal may be ordered this many days before the end date (default 90).
    pub renewal_window_days: i64,
    /// Reminders go to the contract manager this many days before the end, largest first
    /// (default 90, 60, 30, 7, 1).
    pub reminder_days: Vec<i64>,
    /// Tax rate by account country (ISO 3166 alpha-2) in basis points: `SI=22, TW=5, DE=19`
    /// (percent, up to two decimals). Countries not listed pay none.
    pub tax_rates: Vec<(String, i64)>,
    /// An invoice is due this many days after it is issued (default 30).
    pub invoice_due_days: i64,
    /// How often the renewal job looks for due subscriptions (default 600 seconds).
    pub renewal_interval: Duration,
}

impl BillingSettings {
    /// The tax rate of a country, in basis points.
    pub fn tax_rate_bp(&self, country: &str) -> i64 {
        self.tax_rates.iter().find(|(c, _)| c.eq_ignore_ascii_case(country)).map_or(0, |(_, bp)| *bp)
    }
}

/// `SI=22, TW=5, DE=19.5` as basis points per country.
fn parse_tax_rates(s: &str) -> Result<Vec<(String, i64)>, String> {
    let mut rates: Vec<(String, i64)> = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (country, rate) = part.split_once('=').ok_or_else(|| format!("'{part}': expected COUNTRY=PERCENT"))?;
        let country = country.trim().to_ascii_uppercase();
        if seatwise_api::country(&country).is_none() {
            return Err(format!("'{country}' is not an ISO 3166 country code"));
        }
        let rate = rate.trim();
        let (whole, frac) = rate.split_once('.').unwrap_or((rate, ""));
        let digits = |d: &str| !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("'{rate}': a percentage with up to two decimals"));
        }
        let bp = whole.parse::<i64>().unwrap_or(0) * 100 + format!("{frac:0<2}").parse::<i64>().unwrap_or(0);
        if bp > 10_000 || rates.iter().any(|(c, _)| *c == country) {
            return Err(format!("'{part}': at most 100 %, each country once"));
        }
        rates.push((country, bp));
    }
    Ok(rates)
}

/// An OpenID Connect provider as the operator registered the portal with it. Its redirect URI
/// is `{public_url}/api/v1/auth/oidc/callback`.
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProvider {
    /// Short and stable (`a-z 0-9 -`): it names the provider in URLs and in linked accounts.
    pub id: String,
    /// What the sign-in page shows: "Sign in with {name}".
    pub name: String,
    /// Exactly as the provider publishes it (its discovery document's `issuer`).
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: SecretString,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// An HTTP endpoint that sends text messages: each message is a POST of `body` with `{to}`
/// (E.164) and `{text}` filled in, escaped for `content_type` (JSON strings, or form-encoded).
#[derive(Clone)]
pub struct SmsGateway {
    pub url: Url,
    pub body: String,
    pub content_type: String,
    /// The `Authorization` header, e.g. `Bearer …` or `Basic …`.
    pub authorization: Option<SecretString>,
}

impl std::fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("url", &self.url.as_str())
            .field("body", &self.body)
            .field("content_type", &self.content_type)
            .field("authorization", &self.authorization.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl SmsGateway {
    /// The default body: `{"to": "…", "text": "…"}`.
    pub const DEFAULT_BODY: &'static str = r#"{"to": "{to}", "text": "{text}"}"#;

    /// The request body for one message, each value escaped for the content type.
    pub fn render(&self, to: &str, text: &str) -> String {
        let escape = |v: &str| -> String {
            if self.content_type.contains("json") {
                let quoted = serde_json::Value::String(v.to_string()).to_string();
                quoted[1..quoted.len() - 1].to_string()
            } else if self.content_type.contains("x-www-form-urlencoded") {
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
            } else {
                v.to_string()
            }
        };
        // One pass, so that a `{text}` inside the phone (impossible) or a `{to}` inside the
        // message (possible) is not filled in again.
        let mut out = String::with_capacity(self.body.len() + text.len());
        let mut rest = self.body.as_str();
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(after) = tail.strip_prefix("{to}") {
                out.push_str(&escape(to));
                rest = after;
            } else if let Some(after) = tail.strip_prefix("{text}") {
                out.push_str(&escape(text));
                rest = after;
            } else {
                out.push('{');
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP: only sensible on loopback.
    None,
    StartTls,
    Tls,
}

const KEYS: &[&str] = &[
    "listen",
    "database_url",
    "public_url",
    "web_dir",
    "mode",
    "smtp_host",
    "smtp_port",
    "smtp_tls",
    "smtp_username",
    "smtp_password",
    "sms_gateway_url",
    "sms_gateway_body",
    "sms_gateway_content_type",
    "sms_gateway_authorization",
    "mail_from",
    "cookie_secure",
    "session_idle_minutes",
    "session_absolute_hours",
    "verify_token_hours",
    "reset_token_minutes",
    "seed_demo",
    "invitation_days",
    "outbox_poll_ms",
    "log_format",
    "privacy_statement_version",
    "storage_dir",
    "max_upload_mb",
    "download_link_minutes",
    "typical_previous_version_days",
    "typical_home_use_days",
    "typical_media_min_days",
    "typical_media_max_days",
    "typical_network_licence_days",
    "demo_insecure_public_listen",
    "trusted_proxies",
    "outbox_retention_days",
    "retention_interval_seconds",
    "sign_in_failures_per_ip",
    "sign_in_failures_per_minute",
    "invitation_mails_per_hour",
    "password_hash_workers",
    "password_hash_queue",
    "header_read_timeout_seconds",
    "request_timeout_seconds",
    "oidc_providers",
    "renewal_window_days",
    "renewal_reminder_days",
    "tax_rates",
    "device_token_days",
    "licence_offline_hours",
    "heartbeat_seconds",
    "device_inactive_days",
    "usage_retention_days",
    "invoice_due_days",
    "renewal_interval_seconds",
    "support_autoclose_days",
];

#[derive(Debug, thiserror::Error)]
#[error("invalid setting {key}: {problem}")]
pub struct ConfigError {
    pub key: String,
    pub problem: String,
}

fn bad(key: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError { key: key.to_string(), problem: problem.into() }
}

impl Settings {
    /// Loads the settings of this process: defaults, `SEATWISE_CONFIG` file, environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = env.get("SEATWISE_CONFIG").map(PathBuf::from);
        Self::from_sources(file.as_deref(), &env)
    }

    /// Builds settings from an optional TOML file and a map of environment variables.
    pub fn from_sources(
        file: Option<&Path>,
        env: &HashMap<String, String>,
    ) -> Result<Settings, ConfigError> {
        let mut raw: HashMap<&str, String> = HashMap::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                bad("SEATWISE_CONFIG", format!("cannot read {}: {e}", path.display()))
            })?;
            let table: toml::Table = toml::from_str(&text)
                .map_err(|e| bad("SEATWISE_CONFIG", format!("{}: {e}", path.display())))?;
            for (k, v) in table {
                let key = KEYS
                    .iter()
                    .find(|known| **known == k)
                    .ok_or_else(|| bad(&k, format!("unknown setting in {}", path.display())))?;
                let value = match v {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                raw.insert(key, value);
            }
        }
        for key in KEYS {
            if let Some(v) = env.get(&format!("SEATWISE_{}", key.to_ascii_uppercase())) {
                raw.insert(key, v.clone());
            }
        }
        Self::from_raw(raw)
    }

    fn from_raw(raw: HashMap<&str, String>) -> Result<Settings, ConfigError> {
        let get = |k: &str| raw.get(k).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let env_name = |k: &str| format!("SEATWISE_{}", k.to_ascii_uppercase());

        let listen_s = get("listen").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen: SocketAddr = listen_s.parse().map_err(|_| {
            bad(&env_name("listen"), format!("'{listen_s}' is not an address such as 127.0.0.1:8080"))
        })?;

        let database_url =
            get("database_url").unwrap_or_else(|| "sqlite://data/seatwise.db".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad(
                &env_name("database_url"),
                "must start with sqlite: or postgres://",
            ));
        }

        let mode = match get("mode").as_deref().unwrap_or("production") {
            "demo" => Mode::Demo,
            "production" => Mode::Production,
            other => {
                return Err(bad(&env_name("mode"), format!("'{other}': expected demo or production")))
            }
        };

        let public_s = get("public_url").unwrap_or_else(|| {
            let host = if listen.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else if listen.is_ipv6() {
                format!("[{}]", listen.ip())
            } else {
                listen.ip().to_string()
            };
            format!("http://{host}:{}", listen.port())
        });
        let public_url = Url::parse(&public_s).map_err(|e| {
            bad(&env_name("public_url"), format!("'{public_s}' is not a URL ({e})"))
        })?;
        if !matches!(public_url.scheme(), "http" | "https") || public_url.host().is_none() {
            return Err(bad(&env_name("public_url"), "must be an http(s) URL with a host"));
        }

        let web_dir = PathBuf::from(get("web_dir").unwrap_or_else(|| "dist".into()));

        let smtp = match get("smtp_host") {
            None => None,
            Some(host) => {
                let tls = match get("smtp_tls").as_deref().unwrap_or("starttls") {
                    "none" => SmtpTls::None,
                    "starttls" => SmtpTls::StartTls,
                    "tls" => SmtpTls::Tls,
                    other => {
                        return Err(bad(
                            &env_name("smtp_tls"),
                            format!("'{other}': expected none, starttls or tls"),
                        ))
                    }
                };
                let default_port = match tls {
                    SmtpTls::None => 25,
                    SmtpTls::StartTls => 587,
                    SmtpTls::Tls => 465,
                };
                let port = parse_num::<u16>(&get("smtp_port"), &env_name("smtp_port"))?
                    .unwrap_or(default_port);
                Some(SmtpSettings {
                    host,
                    port,
                    tls,
                    username: get("smtp_username"),
                    password: get("smtp_password").map(SecretString::from),
                })
            }
        };
        let sms_gateway = match get("sms_gateway_url") {
            None => None,
            Some(u) => {
                let url = Url::parse(&u)
                    .ok()
                    .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
                    .ok_or_else(|| bad(&env_name("sms_gateway_url"), format!("'{u}' is not an http(s) URL")))?;
                let body = get("sms_gateway_body").unwrap_or_else(|| SmsGateway::DEFAULT_BODY.into());
                if !body.contains("{to}") || !body.contains("{text}") {
                    return Err(bad(&env_name("sms_gateway_body"), "must contain {to} and {text}"));
                }
                Some(SmsGateway {
                    url,
                    body,
                    content_type: get("sms_gateway_content_type").unwrap_or_else(|| "application/json".into()),
                    authorization: get("sms_gateway_authorization").map(SecretString::from),
                })
            }
        };
        if mode == Mode::Production && smtp.is_none() {
            return Err(bad(
                &env_name("smtp_host"),
                "production mode (the default) needs an SMTP server to deliver mail; \
                 for a local demo set SEATWISE_MODE=demo (scripts/run.sh does)",
            ));
        }
        let demo_insecure_public_listen = parse_bool(
            &get("demo_insecure_public_listen"),
            &env_name("demo_insecure_public_listen"),
        )?
        .unwrap_or(false);
        if mode == Mode::Demo && !listen.ip().is_loopback() && !demo_insecure_public_listen {
            return Err(bad(
                &env_name("listen"),
                format!(
                    "demo mode shows every mail (with its sign-in and reset links) on an \
                     unauthenticated Mailbox page, so it listens on loopback only; {listen} is not \
                     loopback. Use 127.0.0.1, or set SEATWISE_DEMO_INSECURE_PUBLIC_LISTEN=true if \
                     everyone who can reach this address may read all mail"
                ),
            ));
        }

        let default_from = format!(
            "Seatwise <no-reply@{}>",
            public_url.host_str().filter(|h| h.contains('.') && !h.chars().all(|c| c.is_ascii_digit() || c == '.')).unwrap_or("seatwise.localhost")
        );
        let mail_from = get("mail_from").unwrap_or(default_from);
        if lettre::message::Mailbox::from_str_checked(&mail_from).is_none() {
            return Err(bad(&env_name("mail_from"), format!("'{mail_from}' is not a mail address")));
        }

        let cookie_secure = parse_bool(&get("cookie_secure"), &env_name("cookie_secure"))?
            .unwrap_or(public_url.scheme() == "https");

        let minutes = |k: &str, default: u64| -> Result<Duration, ConfigError> {
            let v = parse_num::<u64>(&get(k), &env_name(k))?.unwrap_or(default);
            if v == 0 {
                return Err(bad(&env_name(k), "must be greater than 0"));
            }
            Ok(Duration::from_secs(v * 60))
        };
        let session_idle = minutes("session_idle_minutes", 30)?;
        let session_absolute = minutes("session_absolute_hours", 12)? * 60;
        let verify_token_ttl = minutes("verify_token_hours", 48)? * 60;
        let reset_token_ttl = minutes("reset_token_minutes", 30)?;
        let invitation_ttl = minutes("invitation_days", 7)? * 60 * 24;
        if session_idle > session_absolute {
            return Err(bad(
                &env_name("session_idle_minutes"),
                "the idle timeout cannot be longer than the absolute timeout",
            ));
        }

        let seed_demo =
            parse_bool(&get("seed_demo"), &env_name("seed_demo"))?.unwrap_or(mode == Mode::Demo);
        if seed_demo && mode == Mode::Production {
            return Err(bad(&env_name("seed_demo"), "demo data is only for demo mode"));
        }
        let outbox_poll = Duration::from_millis(
            parse_num::<u64>(&get("outbox_poll_ms"), &env_name("outbox_poll_ms"))?
                .unwrap_or(1000)
                .max(10),
        );
        let log_json = match get("log_format").as_deref().unwrap_or("text") {
            "text" => false,
            "json" => true,
            other => {
                return Err(bad(&env_name("log_format"), format!("'{other}': expected text or json")))
            }
        };
        let privacy_statement_version =
            get("privacy_statement_version").unwrap_or_else(|| "2026-01".into());

        let storage_dir = PathBuf::from(get("storage_dir").unwrap_or_else(|| "data/files".into()));
        let max_upload_mb = parse_num::<u64>(&get("max_upload_mb"), &env_name("max_upload_mb"))?.unwrap_or(4096);
        if max_upload_mb == 0 {
            return Err(bad(&env_name("max_upload_mb"), "must be greater than 0"));
        }
        let download_link_ttl = minutes("download_link_minutes", 60)?;
        let days = |k: &str, default: u32| -> Result<u32, ConfigError> {
            let v = parse_num::<u32>(&get(k), &env_name(k))?.unwrap_or(default);
            if v == 0 || v > 365 {
                return Err(bad(&env_name(k), "must be between 1 and 365"));
            }
            Ok(v)
        };
        let typical = seatwise_api::TypicalTimes {
            previous_version_business_days: days("typical_previous_version_days", 3)?,
            home_use_business_days: days("typical_home_use_days", 5)?,
            physical_media_min_days: days("typical_media_min_days", 14)?,
            physical_media_max_days: days("typical_media_max_days", 21)?,
            network_licence_business_days: days("typical_network_licence_days", 2)?,
        };
        if typical.physical_media_min_days > typical.physical_media_max_days {
            return Err(bad(&env_name("typical_media_min_days"), "cannot be more than typical_media_max_days"));
        }

        let trusted_proxies = get("trusted_proxies")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<ipnet::IpNet>()
                            .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                            .map_err(|_| {
                                bad(&env_name("trusted_proxies"), format!("'{s}' is not an address or CIDR such as 10.0.0.0/8"))
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        let outbox_retention = minutes("outbox_retention_days", 30)? * 60 * 24;
        let retention_interval = Duration::from_secs(
            parse_num::<u64>(&get("retention_interval_seconds"), &env_name("retention_interval_seconds"))?
                .unwrap_or(600)
                .max(1),
        );
        let positive = |k: &str, default: i64| -> Result<i64, ConfigError> {
            let v = parse_num::<i64>(&get(k), &env_name(k))?.unwrap_or(default);
            if v <= 0 {
                return Err(bad(&env_name(k), "must be greater than 0"));
            }
            Ok(v)
        };
        let sign_in_failures_per_ip = positive("sign_in_failures_per_ip", 30)?;
        let sign_in_failures_per_minute = positive("sign_in_failures_per_minute", 600)?;
        let invitation_mails_per_hour = positive("invitation_mails_per_hour", 10_000)?;
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let password_hash_workers = positive("password_hash_workers", cpus as i64)? as usize;
        let password_hash_queue = parse_num::<usize>(&get("password_hash_queue"), &env_name("password_hash_queue"))?
            .unwrap_or(password_hash_workers * 16);
        let licensing = LicensingSettings {
            device_token_ttl_secs: positive("device_token_days", 90)? * 86_400,
            offline_secs: positive("licence_offline_hours", 72)? * 3_600,
            heartbeat_secs: positive("heartbeat_seconds", 300)?,
            inactive_after_secs: positive("device_inactive_days", 30)? * 86_400,
            retention_secs: positive("usage_retention_days", 400)? * 86_400,
        };
        let header_read_timeout = Duration::from_secs(positive("header_read_timeout_seconds", 10)? as u64);
        let request_timeout = Duration::from_secs(positive("request_timeout_seconds", 30)? as u64);
        let oidc_providers: Vec<OidcProvider> = match get("oidc_providers") {
            None => vec![],
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                bad(&env_name("oidc_providers"), format!("expected a JSON array of {{id, name, issuer, client_id, client_secret}} ({e})"))
            })?,
        };
        for (i, p) in oidc_providers.iter().enumerate() {
            let valid_id = !p.id.is_empty()
                && p.id.len() <= 32
                && p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid_id || oidc_providers[..i].iter().any(|q| q.id == p.id) {
                return Err(bad(&env_name("oidc_providers"), format!("'{}': ids are unique, 1 to 32 of a-z 0-9 -", p.id)));
            }
            if p.name.trim().is_empty() || !matches!(p.issuer.scheme(), "http" | "https") {
                return Err(bad(&env_name("oidc_providers"), format!("'{}': a name and an http(s) issuer are needed", p.id)));
            }
        }

        let renewal_window_days = positive("renewal_window_days", 90)?;
        let mut reminder_days = match get("renewal_reminder_days") {
            None => vec![90, 60, 30, 7, 1],
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| d.parse::<i64>().ok().filter(|d| (1..=366).contains(d)))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad(&env_name("renewal_reminder_days"), "a comma-separated list of days, 1 to 366"))?,
        };
        reminder_days.sort_unstable_by(|a, b| b.cmp(a));
        reminder_days.dedup();
        let tax_rates = parse_tax_rates(&get("tax_rates").unwrap_or_default()).map_err(|e| bad(&env_name("tax_rates"), e))?;
        let billing = BillingSettings {
            renewal_window_days,
            reminder_days,
            tax_rates,
            invoice_due_days: positive("invoice_due_days", 30)?,
            renewal_interval: Duration::from_secs(positive("renewal_interval_seconds", 600)? as u64),
        };

        let support_autoclose_secs = positive("support_autoclose_days", 7)? * 86_400;

        Ok(Settings {
            support_autoclose_secs,
            billing,
            demo_insecure_public_listen,
            trusted_proxies,
            outbox_retention,
            retention_interval,
            sign_in_failures_per_ip,
            sign_in_failures_per_minute,
            invitation_mails_per_hour,
            password_hash_workers,
            password_hash_queue,
            header_read_timeout,
            request_timeout,
            oidc_providers,
            licensing,
            storage_dir,
            max_upload_bytes: max_upload_mb * 1024 * 1024,
            download_link_ttl,
            typical,
            listen,
            database_url,
            public_url,
            web_dir,
            mode,
            smtp,
            sms_gateway,
            mail_from,
            cookie_secure,
            session_idle,
            session_absolute,
            verify_token_ttl,
            reset_token_ttl,
            invitation_ttl,
            seed_demo,
            outbox_poll,
            log_json,
            privacy_statement_version,
        })
    }

    /// The session cookie's name: with `Secure`, the `__Host-` prefix, which browsers accept
    /// only from a secure origin, for the whole host (`Path=/`, no `Domain`), so that neither a
    /// sibling subdomain nor a plain-HTTP page can set or shadow it.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-seatwise_session"
        } else {
            seatwise_api::SESSION_COOKIE
        }
    }

    /// The cookie of a sign-in waiting for its second step (named like the session's).
    pub fn challenge_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-seatwise_challenge"
        } else {
            "seatwise_challenge"
        }
    }

    /// The cookie of a browser remembered after a second step.
    pub fn browser_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-seatwise_browser"
        } else {
            "seatwise_browser"
        }
    }

    /// The dev mailbox exists only in demo mode without SMTP.
    pub fn mailbox_enabled(&self) -> bool {
        self.mode == Mode::Demo && self.smtp.is_none()
    }

    /// The dev page of text messages exists only in demo mode without an SMS gateway.
    pub fn texts_enabled(&self) -> bool {
        self.mode == Mode::Demo && self.sms_gateway.is_none()
    }

    /// Codes by text message can be offered: a gateway sends them, or the demo page shows them.
    pub fn text_messages_available(&self) -> bool {
        self.sms_gateway.is_some() || self.texts_enabled()
    }

    /// Absolute URL of an app path such as `/verify-email?token=…`.
    pub fn link(&self, path_and_query: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }

    /// The origin (scheme://host:port) that browsers send in `Origin`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

fn parse_num<T: std::str::FromStr>(v: &Option<String>, key: &str) -> Result<Option<T>, ConfigError> {
    v.as_ref()
        .map(|s| s.parse::<T>().map_err(|_| bad(key, format!("'{s}' is not a valid number"))))
        .transpose()
}

fn parse_bool(v: &Option<String>, key: &str) -> Result<Option<bool>, ConfigError> {
    v.as_ref()
        .map(|s| match s.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(bad(key, format!("'{s}': expected true or false"))),
        })
        .transpose()
}

trait MailboxExt {
    fn from_str_checked(s: &str) -> Option<lettre::message::Mailbox>;
}
impl MailboxExt for lettre::message::Mailbox {
    fn from_str_checked(s: &str) -> Option<lettre::message::Mailbox> {
        s.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_production_and_need_smtp() {
        let e = Settings::from_sources(None, &env(&[])).unwrap_err();
        assert_eq!(e.key, "SEATWISE_SMTP_HOST");
        let s = Settings::from_sources(None, &env(&[("SEATWISE_SMTP_HOST", "mail.example.com")])).unwrap();
        assert_eq!(s.mode, Mode::Production);
        assert!(!s.mailbox_enabled());
        assert!(!s.seed_demo);
    }

    #[test]
    fn demo_listens_on_loopback_unless_told_otherwise() {
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_LISTEN", "0.0.0.0:8080")]))
            .unwrap_err();
        assert_eq!(e.key, "SEATWISE_LISTEN");
        assert!(e.problem.contains("SEATWISE_DEMO_INSECURE_PUBLIC_LISTEN"), "{}", e.problem);
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_LISTEN", "192.168.1.5:80")]))
            .unwrap_err();
        assert_eq!(e.key, "SEATWISE_LISTEN");
        assert!(Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_LISTEN", "[::1]:8080")])).is_ok());
        let s = Settings::from_sources(
            None,
            &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_LISTEN", "0.0.0.0:8080"), ("SEATWISE_DEMO_INSECURE_PUBLIC_LISTEN", "true")]),
        )
        .unwrap();
        assert!(s.mailbox_enabled());
        // Production may listen anywhere.
        assert!(Settings::from_sources(None, &env(&[("SEATWISE_LISTEN", "0.0.0.0:8080"), ("SEATWISE_SMTP_HOST", "m.example.com")])).is_ok());
    }

    #[test]
    fn trusted_proxies_are_cidrs() {
        let s = Settings::from_sources(
            None,
            &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1 ,::1/128")]),
        )
        .unwrap();
        assert_eq!(s.trusted_proxies.len(), 3);
        assert!(s.trusted_proxies[1].contains(&"127.0.0.1".parse::<std::net::IpAddr>().unwrap()));
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_TRUSTED_PROXIES", "10.0.0.0/33")]))
            .unwrap_err();
        assert_eq!(e.key, "SEATWISE_TRUSTED_PROXIES");
    }

    #[test]
    fn a_local_demo() {
        let s = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo")])).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.public_origin(), "http://127.0.0.1:8080");
        assert_eq!(s.mode, Mode::Demo);
        assert!(s.mailbox_enabled());
        assert!(!s.cookie_secure);
        assert_eq!(s.session_idle, Duration::from_secs(30 * 60));
        assert_eq!(s.session_absolute, Duration::from_secs(12 * 3600));
        assert_eq!(s.reset_token_ttl, Duration::from_secs(30 * 60));
    }

    #[test]
    fn environment_overrides_file() {
        let dir = std::env::temp_dir().join(format!("seatwise-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("seatwise.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nsession_idle_minutes = 10\nmode = \"demo\"\n").unwrap();
        let s = Settings::from_sources(
            Some(&file),
            &env(&[("SEATWISE_LISTEN", "127.0.0.1:9001")]),
        )
        .unwrap();
        assert_eq!(s.listen.port(), 9001);
        assert_eq!(s.session_idle, Duration::from_secs(600));
    }

    #[test]
    fn invalid_settings_name_the_setting() {
        let e = Settings::from_sources(None, &env(&[("SEATWISE_LISTEN", "nowhere")])).unwrap_err();
        assert_eq!(e.key, "SEATWISE_LISTEN");
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_SIGN_IN_FAILURES_PER_IP", "0")])).unwrap_err();
        assert_eq!(e.key, "SEATWISE_SIGN_IN_FAILURES_PER_IP");
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "production")])).unwrap_err();
        assert_eq!(e.key, "SEATWISE_SMTP_HOST");
        let e = Settings::from_sources(None, &env(&[("SEATWISE_DATABASE_URL", "mysql://x")]))
            .unwrap_err();
        assert_eq!(e.key, "SEATWISE_DATABASE_URL");
    }

    #[test]
    fn sms_gateway_bodies_escape_their_values() {
        let s = Settings::from_sources(
            None,
            &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_SMS_GATEWAY_URL", "https://sms.example.com/send"),
                ("SEATWISE_SMS_GATEWAY_AUTHORIZATION", "Bearer s3cret-token")]),
        )
        .unwrap();
        assert!(!s.texts_enabled() && s.text_messages_available());
        let g = s.sms_gateway.clone().unwrap();
        assert_eq!(g.render("+38640123456", "Code \"1\" {to}"), r#"{"to": "+38640123456", "text": "Code \"1\" {to}"}"#);
        assert!(!format!("{s:?}").contains("s3cret"));
        let form = SmsGateway { body: "To={to}&Body={text}".into(), content_type: "application/x-www-form-urlencoded".into(), ..g };
        assert_eq!(form.render("+386 40", "a&b c"), "To=%2B386+40&Body=a%26b+c");
        let e = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_SMS_GATEWAY_URL", "ftp://x")])).unwrap_err();
        assert_eq!(e.key, "SEATWISE_SMS_GATEWAY_URL");
        let e = Settings::from_sources(
            None,
            &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_SMS_GATEWAY_URL", "https://x.example"), ("SEATWISE_SMS_GATEWAY_BODY", "{to}")]),
        )
        .unwrap_err();
        assert_eq!(e.key, "SEATWISE_SMS_GATEWAY_BODY");
        let demo = Settings::from_sources(None, &env(&[("SEATWISE_MODE", "demo")])).unwrap();
        assert!(demo.texts_enabled() && demo.text_messages_available());
    }

    #[test]
    fn smtp_password_is_not_printed() {
        let s = Settings::from_sources(
            None,
            &env(&[("SEATWISE_MODE", "demo"), ("SEATWISE_SMTP_HOST", "mail.example.com"), ("SEATWISE_SMTP_PASSWORD", "hunter2hunter2")]),
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.mailbox_enabled());
    }
}
