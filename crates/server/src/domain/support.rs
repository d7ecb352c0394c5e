//! Support cases: any member of an account asks the vendor for help; the vendor's staff answer
//! from their queue.
//!
//! Who sees a case: the person who opened it, the people an admin added as watchers, and the
//! account's admins; everyone else gets 404, as for any other tenant's object. Internal notes
//! of the staff never leave the staff endpoints and mail nobody. Every public reply and status
//! change mails the other side in each recipient's language, with the case number; every
//! change is in the account's activity log, in the same transaction.

use std::collections::BTreeMap;

use bytes::Bytes;
use futures::Stream;
use seatwise_api::{
    attachment_type, CaseAttachment, CaseCategory, CaseMessage, CaseSeverity, CaseSide, CaseStatus, CaseWatcher, CreateCaseMessage,
    CreateSupportCase, ErrorCode, FieldErrorCode, SupportCase, SupportCaseDetail, UploadedAttachment, CASE_ATTACHMENTS_PER_MESSAGE,
    CASE_ATTACHMENT_MAX_BYTES, CASE_BODY_MAX_CHARS, CASE_SUBJECT_MAX_CHARS,
};
use serde_json::json;

use super::{
    accounts::recipient,
    identity::text_field,
    membership::Actor,
    products::{Catalogue, Holdings},
};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    files::PutError,
    mail::{self, Mail},
    state::AppState,
    store::{
        accounts::NewActivity,
        support::{AttachmentRow, CaseRow, MessageRow, NewCase, NewMessage},
        users::UserRow,
        Tx,
    },
};

/// Who acts on a case.
pub enum Caller<'a> {
    /// A member of the case's account.
    Member(&'a Actor),
    /// The vendor's staff.
    Staff { user: &'a UserRow, ip: &'a str },
}

impl Caller<'_> {
    fn user(&self) -> &UserRow {
        match self {
            Caller::Member(a) => &a.user,
            Caller::Staff { user, .. } => user,
        }
    }
    fn ip(&self) -> &str {
        match self {
            Caller::Member(a) => &a.ip,
            Caller::Staff { ip, .. } => ip,
        }
    }
    fn is_staff(&self) -> bool {
        matches!(self, Caller::Staff { .. })
    }
    fn side(&self) -> CaseSide {
        if self.is_staff() { CaseSide::Vendor } else { CaseSide::Customer }
    }
}

fn name_of(u: &UserRow) -> String {
    format!("{} {}", u.first_name, u.last_name).trim().to_string()
}

fn side_str(s: CaseSide) -> &'static str {
    match s {
        CaseSide::Customer => "customer",
        CaseSide::Vendor => "vendor",
        CaseSide::System => "system",
    }
}

fn parse_side(s: &str) -> CaseSide {
    match s {
        "vendor" => CaseSide::Vendor,
        "system" => CaseSide::System,
        _ => CaseSide::Customer,
    }
}

pub fn to_case(state: &AppState, r: &CaseRow) -> SupportCase {
    let status = CaseStatus::parse(&r.status).unwrap_or(CaseStatus::Open);
    SupportCase {
        id: r.id.clone(),
        number: r.number.clone(),
        account_id: r.account_id.clone(),
        account_name: r.account_name.clone(),
        category: CaseCategory::parse(&r.category).unwrap_or(CaseCategory::Other),
        severity: CaseSeverity::parse(&r.severity).unwrap_or(CaseSeverity::Normal),
        status,
        subject: r.subject.clone(),
        product_code: r.product_code.clone(),
        product_name: r.product_name.clone(),
        version: r.version.clone(),
        opened_by_name: r.opener_name.clone(),
        opened_by_email: r.opener_email.clone(),
        assignee_id: r.assignee_id.clone(),
        assignee_name: r.assignee_name.clone(),
        last_side: parse_side(&r.last_side),
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        closes_at: (status == CaseStatus::Solved)
            .then(|| r.solved_at.map(|t| rfc3339(t + state.settings.support_autoclose_secs)))
            .flatten(),
    }
}

fn to_attachment(a: &AttachmentRow) -> CaseAttachment {
    CaseAttachment {
        id: a.id.clone(),
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size: a.size.max(0) as u64,
        sha256: a.sha256.clone(),
    }
}

/// A case the member may see (404 otherwise: its existence is not told).
pub async fn visible_case(state: &AppState, actor: &Actor, case_id: &str) -> AppResult<CaseRow> {
    let c = state.db.case(state.db.pool(), case_id).await?.filter(|c| c.account_id == actor.account.id).ok_or(AppError::NotFound)?;
    if actor.role.is_admin() || c.opened_by.as_deref() == Some(actor.user.id.as_str()) || state.db.is_case_watcher(&c.id, &actor.user.id).await? {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

/// The case with its thread: internal notes only for the staff.
pub async fn detail(state: &AppState, c: &CaseRow, caller: &Caller<'_>) -> AppResult<SupportCaseDetail> {
    let staff = caller.is_staff();
    let messages = state.db.case_messages(&c.id, staff).await?;
    let attachments = state.db.case_attachments(&c.id).await?;
    let watchers = state.db.case_watchers(&c.id).await?;
    let can_manage_watchers = matches!(caller, Caller::Member(a) if a.role.is_admin());
    Ok(SupportCaseDetail {
        case: to_case(state, c),
        messages: messages
            .iter()
            .map(|m: &MessageRow| CaseMessage {
                id: m.id.clone(),
                side: parse_side(&m.side),
                author_name: m.author_name.clone(),
                internal: m.internal != 0,
                body: m.body.clone(),
                attachments: attachments.iter().filter(|a| a.message_id.as_deref() == Some(m.id.as_str())).map(to_attachment).collect(),
                created_at: rfc3339(m.created_at),
            })
            .collect(),
        watchers: watchers.into_iter().map(|w| CaseWatcher { user_id: w.user_id, name: w.name, email: w.email }).collect(),
        can_manage_watchers,
    })
}

/// A message's text: line breaks and tabs allowed, other control characters not.
fn message_body(fields: &mut BTreeMap<String, FieldErrorCode>, name: &str, input: &str) -> String {
    let s = input.replace("\r\n", "\n").trim().to_string();
    if s.is_empty() {
        fields.insert(name.into(), FieldErrorCode::Required);
    } else if s.chars().count() > CASE_BODY_MAX_CHARS {
        fields.insert(name.into(), FieldErrorCode::TooLong);
    } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        fields.insert(name.into(), FieldErrorCode::InvalidCharacters);
    }
    s
}

fn check_attachment_ids(fields: &mut BTreeMap<String, FieldErrorCode>, ids: &[String]) {
    let mut seen = std::collections::HashSet::new();
    if ids.len() > CASE_ATTACHMENTS_PER_MESSAGE || !ids.iter().all(|i| seen.insert(i)) {
        fields.insert("attachment_ids".into(), FieldErrorCode::OutOfRange);
    }
}

/// Attaches the caller's uploads to the message; a field error when one is not theirs or used.
async fn attach_all(state: &AppState, tx: &mut Tx, ids: &[String], user_id: &str, message_id: &str) -> AppResult<()> {
    for id in ids {
        if !state.db.attach(tx, id, user_id, message_id).await? {
            return Err(AppError::field("attachment_ids", FieldErrorCode::Unknown));
        }
    }
    Ok(())
}

/// Stores an attachment for a message not written yet: its name decides the type, which the
/// first bytes must match; larger than [`CASE_ATTACHMENT_MAX_BYTES`] gives 413.
pub async fn upload<S, E>(state: &AppState, user: &UserRow, name: &str, body: S) -> AppResult<UploadedAttachment>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let mut fields = BTreeMap::new();
    let file_name = text_field(&mut fields, "name", name, 200, true);
    if file_name.contains(['/', '\\']) {
        fields.insert("name".into(), FieldErrorCode::InvalidCharacters);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let content_type = attachment_type(&file_name).ok_or(AppError::UnsupportedMediaType)?;
    let stored = match state.files.put_at_most(body, CASE_ATTACHMENT_MAX_BYTES).await {
        Ok(s) => s,
        Err(PutError::TooLarge(_)) => return Err(AppError::PayloadTooLarge),
        Err(PutError::Empty) => return Err(AppError::field("file", FieldErrorCode::Required)),
        Err(PutError::Interrupted(e)) => {
            tracing::info!(error = %e, "an attachment upload was interrupted; nothing was kept");
            return Err(AppError::Conflict(ErrorCode::UploadInterrupted));
        }
        Err(PutError::Io(e)) => return Err(AppError::Internal(e.into())),
    };
    if !content_matches(&state.files.path(&stored.key), content_type).await? {
        state.files.remove(&stored.key).await;
        return Err(AppError::UnsupportedMediaType);
    }
    let row = AttachmentRow {
        id: uuid::Uuid::new_v4().to_string(),
        uploaded_by: user.id.clone(),
        message_id: None,
        file_name,
        content_type: content_type.to_string(),
        size: stored.size as i64,
        sha256: stored.sha256,
        storage_key: stored.key,
        created_at: state.clock.unix(),
    };
    if let Err(e) = state.db.insert_attachment(&row).await {
        state.files.remove(&row.storage_key).await;
        return Err(e.into());
    }
    Ok(UploadedAttachment {
        id: row.id,
        file_name: row.file_name,
        content_type: row.content_type,
        size: row.size as u64,
        sha256: row.sha256,
    })
}

/// The file's first bytes are those of its declared type; text is UTF-8 without NUL bytes.
async fn content_matches(path: &std::path::Path, content_type: &str) -> AppResult<bool> {
    use tokio::io::AsyncReadExt;
    let mut f = tokio::fs::File::open(path).await.map_err(anyhow::Error::from)?;
    let mut head = Vec::with_capacity(8);
    (&mut f).take(8).read_to_end(&mut head).await.map_err(anyhow::Error::from)?;
    Ok(match content_type {
        "image/png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
        "application/pdf" => head.starts_with(b"%PDF-"),
        "application/zip" => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
        _ => {
            // Text of at most the attachment limit: read whole and check.
            let mut all = head;
            f.read_to_end(&mut all).await.map_err(anyhow::Error::from)?;
            !all.contains(&0) && std::str::from_utf8(&all).is_ok()
        }
    })
}

/// Opens a case for the member, with its first message and attachments.
pub async fn open(state: &AppState, actor: &Actor, req: &CreateSupportCase) -> AppResult<CaseRow> {
    let mut fields = BTreeMap::new();
    let subject = text_field(&mut fields, "subject", &req.subject, CASE_SUBJECT_MAX_CHARS, true);
    let body = message_body(&mut fields, "description", &req.description);
    check_attachment_ids(&mut fields, &req.attachment_ids);
    let (mut product_id, mut version) = (None, None);
    if let Some(code) = req.product_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let cat = Catalogue::load(state).await?;
        let h = Holdings::load(state, &actor.account.id, &actor.user.id, actor.role.is_admin()).await?;
        match cat.by_code(code).filter(|p| p.kind == "product") {
            Some(p) => {
                let u = h.use_of(&cat, p);
                if u.entitled || (h.is_admin && !u.coverage.is_empty()) {
                    product_id = Some(p.id.clone());
                    match req.version.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                        Some(v) if cat.released(&p.id, &h.today).iter().any(|r| r.version == v) => version = Some(v.to_string()),
                        Some(_) => {
                            fields.insert("version".into(), FieldErrorCode::Unknown);
                        }
                        None => {}
                    }
                } else {
                    fields.insert("product_code".into(), FieldErrorCode::Unknown);
                }
            }
            None => {
                fields.insert("product_code".into(), FieldErrorCode::Unknown);
            }
        }
    } else if req.version.as_deref().is_some_and(|v| !v.trim().is_empty()) {
        fields.insert("product_code".into(), FieldErrorCode::Required);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let db = &state.db;
    let now = state.clock.unix();
    let staff = db.vendor_staff().await?;
    let mut tx = db.begin().await?;
    let n = db.next_case_number(&mut tx).await?;
    let number = format!("CS-{}-{n:06}", state.clock.now().year());
    let id = uuid::Uuid::new_v4().to_string();
    let opener = name_of(&actor.user);
    db.insert_case(
        &mut tx,
        &NewCase {
            id: &id,
            seq: n,
            number: &number,
            account_id: &actor.account.id,
            opened_by: &actor.user.id,
            opener_name: &opener,
            opener_email: &actor.user.email,
            category: req.category.as_str(),
            severity: req.severity.as_str(),
            subject: &subject,
            product_id: product_id.as_deref(),
            version: version.as_deref(),
            now,
        },
    )
    .await?;
    let message_id = uuid::Uuid::new_v4().to_string();
    db.insert_case_message(
        &mut tx,
        &NewMessage {
            id: &message_id,
            case_id: &id,
            author_id: Some(&actor.user.id),
            author_name: &opener,
            side: "customer",
            internal: false,
            body: &body,
            now,
        },
        (&actor.account.id, &id, n),
    )
    .await?;
    attach_all(state, &mut tx, &req.attachment_ids, &actor.user.id, &message_id).await?;
    let after = json!({"number": number, "category": req.category.as_str(), "severity": req.severity.as_str(), "subject": subject,
        "attachments": req.attachment_ids.len()});
    actor.record(state, &mut tx, "support_case.opened", ("support_case", &id), None, Some(after)).await?;
    let row = db.case(&mut *tx, &id).await?.ok_or_else(|| anyhow::anyhow!("the new case is missing"))?;
    let received = Mail::CaseReceived {
        number: number.clone(),
        subject: subject.clone(),
        account: actor.account.name.clone(),
        link: case_link(state, &row, false),
    };
    mail::queue(db, &mut tx, &received, &recipient(&actor.user), now).await?;
    let opened = Mail::CaseOpened {
        number,
        subject,
        account: actor.account.name.clone(),
        opener,
        category: req.category,
        severity: req.severity,
        body,
        link: case_link(state, &row, true),
    };
    for s in staff.iter().filter(|s| s.id != actor.user.id) {
        mail::queue(db, &mut tx, &opened, &recipient(s), now).await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(row)
}

fn case_link(state: &AppState, c: &CaseRow, staff: bool) -> String {
    if staff {
        state.settings.link(&format!("/vendor/support/{}", c.id))
    } else {
        state.settings.link(&format!("/accounts/{}/support/{}", c.account_id, c.id))
    }
}

/// The people of the customer's side: the opener and the watchers (each once).
async fn customer_side(state: &AppState, c: &CaseRow) -> AppResult<Vec<UserRow>> {
    let mut people: Vec<UserRow> = Vec::new();
    if let Some(id) = &c.opened_by {
        if let Some(u) = state.db.user_by_id(state.db.pool(), id).await? {
            people.push(u);
        }
    }
    for w in state.db.case_watchers(&c.id).await? {
        if !people.iter().any(|p| p.id == w.user_id) {
            if let Some(u) = state.db.user_by_id(state.db.pool(), &w.user_id).await? {
                people.push(u);
            }
        }
    }
    Ok(people)
}

/// The vendor's side: the assignee, or every staff member while nobody is assigned.
async fn vendor_side(state: &AppState, c: &CaseRow) -> AppResult<Vec<UserRow>> {
    let staff = state.db.vendor_staff().await?;
    Ok(match &c.assignee_id {
        Some(a) if staff.iter().any(|s| &s.id == a) => staff.into_iter().filter(|s| &s.id == a).collect(),
        _ => staff,
    })
}

/// Mails `mail` to the side that did not act (never the person who acted).
async fn mail_other_side(state: &AppState, tx: &mut Tx, c: &CaseRow, caller: &Caller<'_>, staff_mail: &Mail, customer_mail: &Mail) -> AppResult<()> {
    let now = state.clock.unix();
    let (people, m) = if caller.is_staff() {
        (customer_side(state, c).await?, customer_mail)
    } else {
        (vendor_side(state, c).await?, staff_mail)
    };
    for u in people.iter().filter(|u| u.id != caller.user().id) {
        mail::queue(&state.db, tx, m, &recipient(u), now).await?;
    }
    state.mail_wake.notify_one();
    Ok(())
}

/// Writes to the case's account activity log.
async fn record(state: &AppState, tx: &mut Tx, caller: &Caller<'_>, c: &CaseRow, action: &str, before: Option<serde_json::Value>, after: serde_json::Value) -> AppResult<()> {
    let u = caller.user();
    state
        .db
        .record_activity(
            &mut **tx,
            &NewActivity {
                account_id: Some(&c.account_id),
                actor_id: &u.id,
                actor_email: &u.email,
                action,
                object_type: "support_case",
                object_id: &c.id,
                before,
                after: Some(after),
                ip: caller.ip(),
                at: state.clock.unix(),
            },
        )
        .await?;
    Ok(())
}

/// The status a public reply leaves: the customer's answer is the vendor's turn (a solved case
/// opens again); the staff's is the customer's turn unless they say otherwise.
fn status_after_reply(caller_is_staff: bool, from: CaseStatus, asked: Option<CaseStatus>) -> CaseStatus {
    if caller_is_staff {
        asked.unwrap_or(CaseStatus::WaitingOnCustomer)
    } else if from == CaseStatus::Open {
        CaseStatus::Open
    } else {
        CaseStatus::WaitingOnVendor
    }
}

/// Adds a message to the case: a public reply, or (staff) an internal note.
pub async fn reply(state: &AppState, c: &CaseRow, caller: &Caller<'_>, req: &CreateCaseMessage) -> AppResult<CaseRow> {
    let from = CaseStatus::parse(&c.status).ok_or_else(|| anyhow::anyhow!("bad case status"))?;
    if from == CaseStatus::Closed {
        return Err(AppError::Conflict(ErrorCode::CaseClosed));
    }
    let mut fields = BTreeMap::new();
    let body = message_body(&mut fields, "body", &req.body);
    check_attachment_ids(&mut fields, &req.attachment_ids);
    if !caller.is_staff() && (req.internal || req.status.is_some()) {
        fields.insert(if req.internal { "internal" } else { "status" }.into(), FieldErrorCode::Unknown);
    }
    if caller.is_staff() && (req.internal && req.status.is_some() || req.status == Some(CaseStatus::Closed)) {
        fields.insert("status".into(), FieldErrorCode::Unknown);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let db = &state.db;
    let now = state.clock.unix();
    let user = caller.user();
    let author = name_of(user);
    let side = caller.side();
    let mut tx = db.begin().await?;
    let message_id = uuid::Uuid::new_v4().to_string();
    db.insert_case_message(
        &mut tx,
        &NewMessage {
            id: &message_id,
            case_id: &c.id,
            author_id: Some(&user.id),
            author_name: &author,
            side: side_str(side),
            internal: req.internal,
            body: &body,
            now,
        },
        (&c.account_id, &c.id, c.seq),
    )
    .await?;
    attach_all(state, &mut tx, &req.attachment_ids, &user.id, &message_id).await?;
    let to = if req.internal { from } else { status_after_reply(caller.is_staff(), from, req.status) };
    let last_side = (!req.internal).then_some(side_str(side));
    if !db.update_case(&mut tx, &c.id, from.as_str(), to.as_str(), last_side, now).await? {
        // Someone changed the status meanwhile: the person sees the new state and tries again.
        return Err(AppError::Conflict(ErrorCode::InvalidTransition));
    }
    let action = if req.internal { "support_case.noted" } else { "support_case.replied" };
    record(state, &mut tx, caller, c, action, Some(json!({"status": from.as_str()})),
        json!({"status": to.as_str(), "message": message_id, "attachments": req.attachment_ids.len()})).await?;
    if !req.internal {
        let updated = db.case(&mut *tx, &c.id).await?.ok_or(AppError::NotFound)?;
        let m = |staff: bool| Mail::CaseReply {
            number: c.number.clone(),
            subject: c.subject.clone(),
            author: author.clone(),
            body: body.clone(),
            status: to,
            link: case_link(state, &updated, staff),
        };
        mail_other_side(state, &mut tx, &updated, caller, &m(true), &m(false)).await?;
    }
    tx.commit().await?;
    Ok(db.case(db.pool(), &c.id).await?.ok_or(AppError::NotFound)?)
}

/// Whether the caller may move a case from `from` to `to`.
fn allowed(staff: bool, from: CaseStatus, to: CaseStatus) -> bool {
    use CaseStatus::*;
    if from == to || from == Closed {
        return false;
    }
    if staff {
        // Closing is the customer's word or the waiting time's; staff solve.
        to != Closed && to != Open
    } else {
        matches!(to, Solved | Closed)
    }
}

/// Changes the status without a message.
pub async fn set_status(state: &AppState, c: &CaseRow, caller: &Caller<'_>, to: CaseStatus) -> AppResult<CaseRow> {
    let from = CaseStatus::parse(&c.status).ok_or_else(|| anyhow::anyhow!("bad case status"))?;
    if from == CaseStatus::Closed {
        return Err(AppError::Conflict(ErrorCode::CaseClosed));
    }
    if !allowed(caller.is_staff(), from, to) {
        return Err(AppError::Conflict(ErrorCode::InvalidTransition));
    }
    let db = &state.db;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    if !db.update_case(&mut tx, &c.id, from.as_str(), to.as_str(), None, now).await? {
        return Err(AppError::Conflict(ErrorCode::InvalidTransition));
    }
    record(state, &mut tx, caller, c, "support_case.status_changed", Some(json!({"status": from.as_str()})), json!({"status": to.as_str()})).await?;
    let updated = db.case(&mut *tx, &c.id).await?.ok_or(AppError::NotFound)?;
    let m = |staff: bool| Mail::CaseStatus {
        number: c.number.clone(),
        subject: c.subject.clone(),
        account: c.account_name.clone(),
        status: to,
        days: state.settings.support_autoclose_secs / 86_400,
        link: case_link(state, &updated, staff),
    };
    mail_other_side(state, &mut tx, &updated, caller, &m(true), &m(false)).await?;
    tx.commit().await?;
    Ok(updated)
}

/// (Staff) Gives the case to a staff member, or to nobody.
pub async fn assign(state: &AppState, c: &CaseRow, who: &UserRow, ip: &str, assignee: Option<&str>) -> AppResult<CaseRow> {
    if let Some(a) = assignee {
        let staff = state.db.vendor_staff().await?;
        if !staff.iter().any(|s| s.id == a) {
            return Err(AppError::field("assignee_id", FieldErrorCode::Unknown));
        }
    }
    let db = &state.db;
    let mut tx = db.begin().await?;
    db.assign_case(&mut tx, &c.id, assignee, state.clock.unix()).await?;
    let caller = Caller::Staff { user: who, ip };
    record(state, &mut tx, &caller, c, "support_case.assigned", Some(json!({"assignee": c.assignee_id})), json!({"assignee": assignee})).await?;
    tx.commit().await?;
    Ok(db.case(db.pool(), &c.id).await?.ok_or(AppError::NotFound)?)
}

/// (Admins) Adds a member of the account who may then see and follow the case.
pub async fn add_watcher(state: &AppState, actor: &Actor, c: &CaseRow, user_id: &str) -> AppResult<()> {
    actor.require_admin()?;
    if state.db.membership(state.db.pool(), &c.account_id, user_id).await?.is_none() {
        return Err(AppError::field("user_id", FieldErrorCode::Unknown));
    }
    let mut tx = state.db.begin().await?;
    if state.db.add_case_watcher(&mut tx, &c.id, user_id, &actor.user.id, state.clock.unix()).await? {
        actor.record(state, &mut tx, "support_case.watcher_added", ("support_case", &c.id), None, Some(json!({"user": user_id}))).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn remove_watcher(state: &AppState, actor: &Actor, c: &CaseRow, user_id: &str) -> AppResult<()> {
    actor.require_admin()?;
    let mut tx = state.db.begin().await?;
    if !state.db.remove_case_watcher(&mut tx, &c.id, user_id).await? {
        return Err(AppError::NotFound);
    }
    actor.record(state, &mut tx, "support_case.watcher_removed", ("support_case", &c.id), Some(json!({"user": user_id})), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes solved cases whose waiting time is over, each with a system message and a mail to the
/// customer's side. Each case is claimed by its status update, so several servers may run this.
pub async fn close_solved(state: &AppState) -> anyhow::Result<u64> {
    let db = &state.db;
    let mut closed = 0;
    loop {
        let now = state.clock.unix();
        let due = db.cases_to_close(now - state.settings.support_autoclose_secs, 200).await?;
        if due.is_empty() {
            break;
        }
        let mut progressed = false;
        for c in &due {
            let mut tx = db.begin().await?;
            if !db.update_case(&mut tx, &c.id, "solved", "closed", Some("system"), now).await? {
                continue;
            }
            progressed = true;
            db.insert_case_message(
                &mut tx,
                &NewMessage {
                    id: &uuid::Uuid::new_v4().to_string(),
                    case_id: &c.id,
                    author_id: None,
                    author_name: "Seatwise",
                    side: "system",
                    internal: false,
                    body: "closed_after_solved",
                    now,
                },
                (&c.account_id, &c.id, c.seq),
            )
            .await?;
            let m = Mail::CaseStatus {
                number: c.number.clone(),
                subject: c.subject.clone(),
                account: c.account_name.clone(),
                status: CaseStatus::Closed,
                days: state.settings.support_autoclose_secs / 86_400,
                link: case_link(state, c, false),
            };
            for u in customer_side(state, c).await? {
                mail::queue(db, &mut tx, &m, &recipient(&u), now).await?;
            }
            tx.commit().await?;
            closed += 1;
        }
        if !progressed {
            break;
        }
    }
    if closed > 0 {
        state.mail_wake.notify_one();
    }
    Ok(closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_moves_a_case_where() {
        use CaseStatus::*;
        assert!(allowed(false, WaitingOnCustomer, Solved) && allowed(false, Open, Closed));
        assert!(!allowed(false, Open, WaitingOnVendor) && !allowed(false, Closed, Solved));
        assert!(allowed(true, Open, Solved) && allowed(true, Solved, WaitingOnVendor));
        assert!(!allowed(true, Open, Closed) && !allowed(true, Closed, Open) && !allowed(true, Open, Open));
    }

    #[test]
    fn a_reply_passes_the_turn() {
        use CaseStatus::*;
        assert_eq!(status_after_reply(false, Solved, None), WaitingOnVendor);
        assert_eq!(status_after_reply(false, Open, None), Open);
        assert_eq!(status_after_reply(true, Open, None), WaitingOnCustomer);
        assert_eq!(status_after_reply(true, Open, Some(Solved)), Solved);
    }
}
