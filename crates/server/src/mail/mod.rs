//! Mail: composed in the recipient's language, written to the outbox in the caller's
//! transaction, delivered by `jobs::outbox`.

use std::{collections::HashMap, sync::OnceLock};

use seatwise_api::NotificationSettings;
use serde_json::Value;

use crate::{
    domain::Locale,
    store::{outbox::NewMail, Db, Tx},
};

/// What a mail is about; non-security mail honours the person's notification settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Account security (confirmation, password reset): always sent.
    Security,
    ProductUpdates,
    RenewalReminders,
    News,
}

impl Category {
    pub fn wanted_by(self, prefs: &NotificationSettings) -> bool {
        match self {
            Category::Security => true,
            Category::ProductUpdates => prefs.product_updates,
            Category::RenewalReminders => prefs.renewal_reminders,
            Category::News => prefs.news,
        }
    }
}

/// The mails the portal sends.
#[derive(Debug, Clone)]
pub enum Mail {
    VerifyEmail { link: String, hours: u64 },
    ResetPassword { link: String, minutes: u64 },
    AccountExists { sign_in_link: String, reset_link: String },
    PasswordChanged { reset_link: String },
    Invitation { account: String, inviter: String, link: String, days: u64 },
    /// The company's directory added a new person: `link` sets their password (and confirms
    /// the address).
    DirectoryInvitation { account: String, link: String, days: u64 },
    /// The company's directory added a person who already had a Seatwise account.
    DirectoryAdded { account: String, link: String },
    /// To the admins: members of a bound team wait for a seat (all `seats` are taken).
    SeatsWaiting { account: String, product: String, seats: u64, link: String },
    SeatAssigned { account: String, admin: String, product: String, link: String },
    SeatRemoved { account: String, admin: String, product: String, link: String },
    MemberRemoved { account: String, admin: String, link: String },
    /// 2-step verification was turned on; `link` goes to the security page.
    TwoStepEnabled { link: String },
    TwoStepDisabled { link: String },
    RecoveryCodesGenerated { link: String },
    /// A phone for codes by text message was confirmed, or removed (`phone` masked).
    PhoneAdded { phone: String, link: String },
    PhoneRemoved { phone: String, link: String },
    /// A passkey was registered, or removed (`name`: the person's name for it).
    PasskeyAdded { name: String, link: String },
    PasskeyRemoved { name: String, link: String },
    /// An account at a provider was linked, or unlinked (`provider`: its name).
    AccountLinked { provider: String, link: String },
    AccountUnlinked { provider: String, link: String },
    /// To the new address: the link that confirms it.
    ConfirmEmailChange { link: String, hours: u64 },
    /// To the old address once the new one is confirmed: the link that undoes it.
    EmailChanged { new_email: String, link: String, days: u64 },
    /// The account was deleted (sent to the old address, after the fact).
    AccountDeleted,
    /// A sign-in from a browser the person had not used before.
    NewBrowser { browser: String, ip: String, link: String },
    /// A licence request was made or changed status; `detail` is what the vendor issued.
    RequestUpdate {
        account: String,
        number: String,
        kind: seatwise_api::RequestKind,
        product: String,
        status: seatwise_api::RequestStatus,
        detail: RequestDetail,
        link: String,
    },
    /// To the contract manager, `days` before a subscription ends.
    RenewalReminder {
        account: String,
        product: String,
        contract: String,
        end_date: String,
        days: i64,
        /// The partner that sold it and renews it: name and how to reach them.
        partner: Option<(String, String)>,
        link: String,
    },
    /// An order was placed and invoiced (a renewal, seats, an automatic renewal).
    OrderPlaced { kind: seatwise_api::OrderKind, account: String, product: String, invoice: String, total: String, due_on: String, link: String },
    /// To a holder of the product: the vendor published a release, update or add-on.
    ProductUpdate { product: String, version: String, kind: seatwise_api::UpdateKind, title: String, note: String, link: String },
    /// To the person who opened a support case: its number, and that answers come by mail.
    CaseReceived { number: String, subject: String, account: String, link: String },
    /// To the vendor's staff (the assignee, or all of them while nobody is): a new case.
    CaseOpened {
        number: String,
        subject: String,
        account: String,
        opener: String,
        category: seatwise_api::CaseCategory,
        severity: seatwise_api::CaseSeverity,
        body: String,
        link: String,
    },
    /// A public reply, to the other side (never for an internal note).
    CaseReply { number: String, subject: String, author: String, body: String, status: seatwise_api::CaseStatus, link: String },
    /// A status change without a reply, to the other side; `days` is the waiting time of a solved case.
    CaseStatus { number: String, subject: String, account: String, status: seatwise_api::CaseStatus, days: i64, link: String },
}

/// What a request's mail reports beyond its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestDetail {
    None,
    Serial(String),
    Tracking(String),
    Reason(String),
    LicenceFile,
}

impl Mail {
    fn key(&self) -> &'static str {
        match self {
            Mail::VerifyEmail { .. } => "verify_email",
            Mail::ResetPassword { .. } => "reset_password",
            Mail::AccountExists { .. } => "account_exists",
            Mail::PasswordChanged { .. } => "password_changed",
            Mail::Invitation { .. } => "invitation",
            Mail::DirectoryInvitation { .. } => "directory_invitation",
            Mail::DirectoryAdded { .. } => "directory_added",
            Mail::SeatsWaiting { .. } => "seats_waiting",
            Mail::SeatAssigned { .. } => "seat_assigned",
            Mail::SeatRemoved { .. } => "seat_removed",
            Mail::MemberRemoved { .. } => "member_removed",
            Mail::TwoStepEnabled { .. } => "two_step_enabled",
            Mail::TwoStepDisabled { .. } => "two_step_disabled",
            Mail::RecoveryCodesGenerated { .. } => "recovery_codes_generated",
            Mail::PhoneAdded { .. } => "phone_added",
            Mail::PhoneRemoved { .. } => "phone_removed",
            Mail::PasskeyAdded { .. } => "passkey_added",
            Mail::PasskeyRemoved { .. } => "passkey_removed",
            Mail::AccountLinked { .. } => "account_linked",
            Mail::AccountUnlinked { .. } => "account_unlinked",
            Mail::NewBrowser { .. } => "new_browser",
            Mail::AccountDeleted => "account_deleted",
            Mail::ConfirmEmailChange { .. } => "confirm_email_change",
            Mail::EmailChanged { .. } => "email_changed",
            Mail::RequestUpdate { status: seatwise_api::RequestStatus::Requested, .. } => "request_received",
            Mail::RequestUpdate { .. } => "request_update",
            Mail::RenewalReminder { partner: None, .. } => "renewal_reminder",
            Mail::RenewalReminder { .. } => "renewal_reminder_partner",
            Mail::OrderPlaced { .. } => "order_placed",
            Mail::ProductUpdate { .. } => "product_update",
            Mail::CaseReceived { .. } => "case_received",
            Mail::CaseOpened { .. } => "case_opened",
            Mail::CaseReply { .. } => "case_reply",
            Mail::CaseStatus { status: seatwise_api::CaseStatus::Solved, .. } => "case_solved",
            Mail::CaseStatus { .. } => "case_status",
        }
    }

    pub fn category(&self) -> Category {
        match self {
            Mail::RenewalReminder { .. } => Category::RenewalReminders,
            Mail::ProductUpdate { .. } => Category::ProductUpdates,
            _ => Category::Security,
        }
    }

    fn vars(&self, l: Locale) -> Vec<(&'static str, String)> {
        match self {
            Mail::RequestUpdate { account, number, kind, product, status, detail, link } => {
                let detail = match detail {
                    RequestDetail::None => String::new(),
                    RequestDetail::Serial(v) => fill(&text(l, "request_detail.serial"), &[("value", v.clone())]),
                    RequestDetail::Tracking(v) => fill(&text(l, "request_detail.tracking"), &[("value", v.clone())]),
                    RequestDetail::Reason(v) => fill(&text(l, "request_detail.reason"), &[("value", v.clone())]),
                    RequestDetail::LicenceFile => text(l, "request_detail.licence_file"),
                };
                vec![
                    ("account", account.clone()),
                    ("number", number.clone()),
                    ("kind", text(l, &format!("request_kinds.{}", kind.as_str()))),
                    ("product", product.clone()),
                    ("status", text(l, &format!("request_statuses.{}", status.as_str()))),
                    // An empty detail leaves no empty paragraph.
                    ("detail", if detail.is_empty() { String::new() } else { format!("{detail}\n\n") }),
                    ("link", link.clone()),
                ]
            }
            Mail::RenewalReminder { account, product, contract, end_date, days, partner, link } => {
                let (partner, partner_contact) = partner.clone().unwrap_or_default();
                vec![
                    ("account", account.clone()),
                    ("product", product.clone()),
                    ("contract", contract.clone()),
                    ("end_date", end_date.clone()),
                    ("days", days.to_string()),
                    ("partner", partner),
                    ("partner_contact", partner_contact),
                    ("link", link.clone()),
                ]
            }
            Mail::OrderPlaced { kind, account, product, invoice, total, due_on, link } => vec![
                ("what", text(l, &format!("order_kinds.{}", kind.as_str()))),
                ("account", account.clone()),
                ("product", product.clone()),
                ("invoice", invoice.clone()),
                ("total", total.clone()),
                ("due_on", due_on.clone()),
                ("link", link.clone()),
            ],
            Mail::ProductUpdate { product, version, kind, title, note, link } => vec![
                ("product", product.clone()),
                ("version", version.clone()),
                ("kind", text(l, &format!("update_kinds.{}", kind.as_str()))),
                // The file's title for an update or add-on; nothing for a release.
                ("title", if title.is_empty() { String::new() } else { format!(": {title}") }),
                ("note", if note.is_empty() { String::new() } else { format!("{note}\n\n") }),
                ("link", link.clone()),
            ],
            Mail::CaseReceived { number, subject, account, link } => vec![
                ("number", number.clone()),
                ("subject", subject.clone()),
                ("account", account.clone()),
                ("link", link.clone()),
            ],
            Mail::CaseOpened { number, subject, account, opener, category, severity, body, link } => vec![
                ("number", number.clone()),
                ("subject", subject.clone()),
                ("account", account.clone()),
                ("opener", opener.clone()),
                ("category", text(l, &format!("case_categories.{}", category.as_str()))),
                ("severity", text(l, &format!("case_severities.{}", severity.as_str()))),
                ("body", body.clone()),
                ("link", link.clone()),
            ],
            Mail::CaseReply { number, subject, author, body, status, link } => vec![
                ("number", number.clone()),
                ("subject", subject.clone()),
                ("author", author.clone()),
                ("body", body.clone()),
                ("status", text(l, &format!("case_statuses.{}", status.as_str()))),
                ("link", link.clone()),
            ],
            Mail::CaseStatus { number, subject, account, status, days, link } => vec![
                ("number", number.clone()),
                ("subject", subject.clone()),
                ("account", account.clone()),
                ("status", text(l, &format!("case_statuses.{}", status.as_str()))),
                ("days", days.to_string()),
                ("link", link.clone()),
            ],
            Mail::VerifyEmail { link, hours } => vec![("link", link.clone()), ("hours", hours.to_string())],
            Mail::ResetPassword { link, minutes } => {
                vec![("link", link.clone()), ("minutes", minutes.to_string())]
            }
            Mail::AccountExists { sign_in_link, reset_link } => {
                vec![("sign_in_link", sign_in_link.clone()), ("reset_link", reset_link.clone())]
            }
            Mail::PasswordChanged { reset_link } => vec![("reset_link", reset_link.clone())],
            Mail::Invitation { account, inviter, link, days } => vec![
                ("account", account.clone()),
                ("inviter", inviter.clone()),
                ("link", link.clone()),
                ("days", days.to_string()),
            ],
            Mail::DirectoryInvitation { account, link, days } => {
                vec![("account", account.clone()), ("link", link.clone()), ("days", days.to_string())]
            }
            Mail::DirectoryAdded { account, link } => vec![("account", account.clone()), ("link", link.clone())],
            Mail::SeatsWaiting { account, product, seats, link } => vec![
                ("account", account.clone()),
                ("product", product.clone()),
                ("seats", seats.to_string()),
                ("link", link.clone()),
            ],
            Mail::SeatAssigned { account, admin, product, link } | Mail::SeatRemoved { account, admin, product, link } => vec![
                ("account", account.clone()),
                ("admin", admin.clone()),
                ("product", product.clone()),
                ("link", link.clone()),
            ],
            Mail::MemberRemoved { account, admin, link } => {
                vec![("account", account.clone()), ("admin", admin.clone()), ("link", link.clone())]
            }
            Mail::TwoStepEnabled { link } | Mail::TwoStepDisabled { link } | Mail::RecoveryCodesGenerated { link } => {
                vec![("link", link.clone())]
            }
            Mail::PhoneAdded { phone, link } | Mail::PhoneRemoved { phone, link } => {
                vec![("phone", phone.clone()), ("link", link.clone())]
            }
            Mail::PasskeyAdded { name, link } | Mail::PasskeyRemoved { name, link } => {
                vec![("name", name.clone()), ("link", link.clone())]
            }
            Mail::AccountLinked { provider, link } | Mail::AccountUnlinked { provider, link } => {
                vec![("provider", provider.clone()), ("link", link.clone())]
            }
            Mail::AccountDeleted => vec![],
            Mail::ConfirmEmailChange { link, hours } => vec![("link", link.clone()), ("hours", hours.to_string())],
            Mail::EmailChanged { new_email, link, days } => {
                vec![("new_email", new_email.clone()), ("link", link.clone()), ("days", days.to_string())]
            }
            Mail::NewBrowser { browser, ip, link } => {
                vec![("browser", browser.clone()), ("ip", ip.clone()), ("link", link.clone())]
            }
        }
    }
}

/// Who a mail goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub locale: Locale,
    pub prefs: NotificationSettings,
}

fn catalogues() -> &'static HashMap<&'static str, Value> {
    static C: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    C.get_or_init(|| {
        let parse = |s: &str| serde_json::from_str::<Value>(s).expect("mail locale files are JSON");
        HashMap::from([
            ("en", parse(include_str!("../../locales/en/mail.json"))),
            ("zh-TW", parse(include_str!("../../locales/zh-TW/mail.json"))),
            ("sl", parse(include_str!("../../locales/sl/mail.json"))),
        ])
    })
}

fn text(locale: Locale, path: &str) -> String {
    let lookup = |l: &str| {
        path.split('.')
            .try_fold(catalogues().get(l)?, |v, k| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    lookup(locale.as_str()).or_else(|| lookup("en")).unwrap_or_default()
}

fn fill(template: &str, vars: &[(&str, String)]) -> String {
    vars.iter().fold(template.to_string(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Renders a mail for one recipient: subject, plain text and a simple HTML alternative.
pub fn compose(mail: &Mail, to: &Recipient) -> NewMail {
    let l = to.locale;
    let vars = mail.vars(l);
    let subject = fill(&text(l, &format!("{}.subject", mail.key())), &vars);
    let greeting = fill(&text(l, "greeting"), &[("name", to.name.clone())]);
    let body = fill(&text(l, &format!("{}.body", mail.key())), &vars);
    let signature = text(l, "signature");
    let footer = text(l, "footer");
    let text_body = format!("{greeting}\n\n{body}\n\n{signature}\n\n--\n{footer}\n");

    let links: Vec<&String> = vars.iter().filter(|(k, _)| k.ends_with("link")).map(|(_, v)| v).collect();
    let paragraphs: String = body
        .split("\n\n")
        .map(|p| {
            let esc = escape_html(p);
            if links.iter().any(|l| l.as_str() == p) {
                format!("<p><a href=\"{esc}\">{esc}</a></p>")
            } else {
                format!("<p>{}</p>", esc.replace('\n', "<br>"))
            }
        })
        .collect();
    let html_body = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><p>{greeting}</p>{paragraphs}<p>{signature}</p><hr><p><small>{footer}</small></p></body></html>",
        lang = l.as_str(),
        title = escape_html(&subject),
        greeting = escape_html(&greeting),
        signature = escape_html(&signature),
        footer = escape_html(&footer),
    );
    NewMail {
        channel: crate::store::outbox::Channel::Mail,
        to_address: to.email.clone(),
        to_name: to.name.clone(),
        locale: l.as_str().to_string(),
        kind: mail.key().to_string(),
        subject,
        text_body,
        html_body,
    }
}

/// Writes the mail to the outbox inside `tx`, unless the recipient opted out of its category.
/// Returns the outbox id when queued.
pub async fn queue(
    db: &Db,
    tx: &mut Tx,
    mail: &Mail,
    to: &Recipient,
    now: i64,
) -> sqlx::Result<Option<String>> {
    if !mail.category().wanted_by(&to.prefs) {
        return Ok(None);
    }
    let new = compose(mail, to);
    db.enqueue_mail(&mut **tx, &new, now).await.map(Some)
}

/// The text messages the portal sends.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    /// The code that confirms a new phone.
    ConfirmPhone,
    /// The code of a sign-in's second step.
    SignIn,
}

impl Text {
    fn key(self) -> &'static str {
        match self {
            Text::ConfirmPhone => "texts.confirm_phone",
            Text::SignIn => "texts.sign_in",
        }
    }
}

/// The words of a text message with its code, in `locale`.
pub fn compose_text(kind: Text, code: &str, minutes: i64, locale: Locale) -> String {
    fill(&text(locale, kind.key()), &[("code", code.to_string()), ("minutes", minutes.to_string())])
}

/// Writes a text message to `phone` into the outbox inside `tx`; delivered by the text
/// worker. Returns the outbox id.
pub async fn queue_text(db: &Db, tx: &mut Tx, kind: Text, code: &str, minutes: i64, phone: &str, locale: Locale, now: i64) -> sqlx::Result<String> {
    let new = NewMail {
        channel: crate::store::outbox::Channel::Text,
        to_address: phone.to_string(),
        to_name: String::new(),
        locale: locale.as_str().to_string(),
        kind: kind.key().trim_start_matches("texts.").to_string(),
        subject: String::new(),
        text_body: compose_text(kind, code, minutes, locale),
        html_body: String::new(),
    };
    db.enqueue_mail(&mut **tx, &new, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(locale: &str) -> Recipient {
        Recipient {
            email: "mei@example.com".into(),
            name: "美玲".into(),
            locale: Locale::parse(locale).unwrap(),
            prefs: NotificationSettings { product_updates: false, renewal_reminders: false, news: false },
        }
    }

    #[test]
    fn mail_is_in_the_recipients_language_with_its_link() {
        let m = Mail::ResetPassword { link: "http://x/reset-password?token=abc".into(), minutes: 30 };
        let zh = compose(&m, &to("zh-TW"));
        assert_eq!(zh.subject, "重置您的 Seatwise 密碼");
        assert!(zh.text_body.contains("http://x/reset-password?token=abc"));
        assert!(zh.text_body.contains("30 分鐘"));
        assert!(zh.html_body.contains("<a href=\"http://x/reset-password?token=abc\">"));
        let sl = compose(&m, &to("sl"));
        assert!(sl.subject.contains("gesla"));
    }

    #[test]
    fn every_mail_has_text_in_every_language() {
        let mails = [
            Mail::VerifyEmail { link: "L".into(), hours: 48 },
            Mail::ResetPassword { link: "L".into(), minutes: 30 },
            Mail::AccountExists { sign_in_link: "S".into(), reset_link: "R".into() },
            Mail::PasswordChanged { reset_link: "R".into() },
            Mail::Invitation { account: "A".into(), inviter: "I".into(), link: "L".into(), days: 7 },
            Mail::DirectoryInvitation { account: "A".into(), link: "L".into(), days: 7 },
            Mail::DirectoryAdded { account: "A".into(), link: "L".into() },
            Mail::SeatsWaiting { account: "A".into(), product: "P".into(), seats: 10, link: "L".into() },
            Mail::SeatAssigned { account: "A".into(), admin: "B".into(), product: "P".into(), link: "L".into() },
            Mail::SeatRemoved { account: "A".into(), admin: "B".into(), product: "P".into(), link: "L".into() },
            Mail::MemberRemoved { account: "A".into(), admin: "B".into(), link: "L".into() },
            Mail::TwoStepEnabled { link: "L".into() },
            Mail::AccountDeleted,
            Mail::ConfirmEmailChange { link: "L".into(), hours: 24 },
            Mail::EmailChanged { new_email: "N".into(), link: "L".into(), days: 7 },
            Mail::TwoStepDisabled { link: "L".into() },
            Mail::RecoveryCodesGenerated { link: "L".into() },
            Mail::PhoneAdded { phone: "+386••••56".into(), link: "L".into() },
            Mail::PhoneRemoved { phone: "+386••••56".into(), link: "L".into() },
            Mail::PasskeyAdded { name: "Work laptop".into(), link: "L".into() },
            Mail::PasskeyRemoved { name: "Work laptop".into(), link: "L".into() },
            Mail::AccountLinked { provider: "Google".into(), link: "L".into() },
            Mail::AccountUnlinked { provider: "Google".into(), link: "L".into() },
            Mail::NewBrowser { browser: "Firefox 133 on Windows".into(), ip: "192.0.2.1".into(), link: "L".into() },
            Mail::RequestUpdate {
                account: "A".into(),
                number: "RQ-1".into(),
                kind: seatwise_api::RequestKind::PhysicalMedia,
                product: "P".into(),
                status: seatwise_api::RequestStatus::Requested,
                detail: RequestDetail::None,
                link: "L".into(),
            },
            Mail::RenewalReminder {
                account: "A".into(), product: "P".into(), contract: "C".into(), end_date: "2027-01-01".into(), days: 30,
                partner: None, link: "L".into(),
            },
            Mail::RenewalReminder {
                account: "A".into(), product: "P".into(), contract: "C".into(), end_date: "2027-01-01".into(), days: 30,
                partner: Some(("Partner".into(), "p@x, +1".into())), link: "L".into(),
            },
            Mail::OrderPlaced {
                kind: seatwise_api::OrderKind::Renewal, account: "A".into(), product: "P".into(), invoice: "INV-000001".into(),
                total: "1,179.00 USD".into(), due_on: "2027-01-01".into(), link: "L".into(),
            },
            Mail::CaseReceived { number: "CS-1".into(), subject: "S".into(), account: "A".into(), link: "L".into() },
            Mail::ProductUpdate {
                product: "P".into(), version: "2027".into(), kind: seatwise_api::UpdateKind::Update, title: "SP1".into(), note: "N".into(),
                link: "L".into(),
            },
            Mail::CaseOpened {
                number: "CS-1".into(), subject: "S".into(), account: "A".into(), opener: "O".into(),
                category: seatwise_api::CaseCategory::Renewal, severity: seatwise_api::CaseSeverity::High, body: "B".into(), link: "L".into(),
            },
            Mail::CaseReply {
                number: "CS-1".into(), subject: "S".into(), author: "W".into(), body: "B".into(),
                status: seatwise_api::CaseStatus::WaitingOnCustomer, link: "L".into(),
            },
            Mail::CaseStatus {
                number: "CS-1".into(), subject: "S".into(), account: "A".into(), status: seatwise_api::CaseStatus::Solved, days: 7,
                link: "L".into(),
            },
            Mail::CaseStatus {
                number: "CS-1".into(), subject: "S".into(), account: "A".into(), status: seatwise_api::CaseStatus::Closed, days: 7,
                link: "L".into(),
            },
        ];
        for l in seatwise_api::LOCALES {
            let l = Locale::parse(l).unwrap();
            for k in seatwise_api::RequestKind::ALL {
                assert!(!text(l, &format!("request_kinds.{}", k.as_str())).is_empty());
            }
            for k in seatwise_api::UpdateKind::ALL {
                assert!(!text(l, &format!("update_kinds.{}", k.as_str())).is_empty());
            }
            for s in seatwise_api::CaseStatus::ALL {
                assert!(!text(l, &format!("case_statuses.{}", s.as_str())).is_empty());
            }
            for c in seatwise_api::CaseCategory::ALL {
                assert!(!text(l, &format!("case_categories.{}", c.as_str())).is_empty());
            }
            for v in seatwise_api::CaseSeverity::ALL {
                assert!(!text(l, &format!("case_severities.{}", v.as_str())).is_empty());
            }
            for s in seatwise_api::RequestStatus::ALL {
                assert!(!text(l, &format!("request_statuses.{}", s.as_str())).is_empty());
            }
            for k in seatwise_api::OrderKind::ALL {
                assert!(!text(l, &format!("order_kinds.{}", k.as_str())).is_empty());
            }
            for d in ["serial", "tracking", "reason", "licence_file"] {
                assert!(!text(l, &format!("request_detail.{d}")).is_empty());
            }
            assert!(!text(l, "request_update.subject").is_empty());
            for t in [Text::ConfirmPhone, Text::SignIn] {
                let words = compose_text(t, "123456", 10, l);
                assert!(words.contains("123456") && words.contains("10"), "{words}");
                // One text message: 70 characters of UCS-2 or 160 of GSM 7-bit.
                assert!(words.chars().count() <= if words.is_ascii() { 160 } else { 70 }, "{words}");
            }
        }
        for l in seatwise_api::LOCALES {
            for m in &mails {
                let c = compose(m, &to(l));
                assert!(!c.subject.is_empty() && !c.text_body.contains('{'), "{l} {}", m.key());
            }
        }
    }

    #[test]
    fn html_is_escaped() {
        let mut r = to("en");
        r.name = "<script>x</script>".into();
        let c = compose(&Mail::PasswordChanged { reset_link: "R".into() }, &r);
        assert!(!c.html_body.contains("<script>"));
    }

    #[test]
    fn notification_settings_are_honoured_except_for_security() {
        let none = NotificationSettings { product_updates: false, renewal_reminders: false, news: false };
        assert!(Category::Security.wanted_by(&none));
        assert!(!Category::News.wanted_by(&none));
        assert!(!Category::RenewalReminders.wanted_by(&none));
        let all = NotificationSettings { product_updates: true, renewal_reminders: true, news: true };
        assert!(Category::ProductUpdates.wanted_by(&all));
    }
}
