//! Health, public configuration, the dev mailbox and the dev page of text messages.

use axum::{extract::State, Json};
use seatwise_api::{DevText, DevTexts, ErrorBody, Health, Mailbox, MailboxMessage, PublicConfig};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::ApiQuery;
use crate::{clock::rfc3339, error::AppResult, state::AppState};

pub fn router(mailbox: bool, texts: bool) -> OpenApiRouter<AppState> {
    let mut r = OpenApiRouter::new().routes(routes!(health)).routes(routes!(public_config));
    if mailbox {
        r = r.routes(routes!(list_mailbox));
    }
    if texts {
        r = r.routes(routes!(list_texts));
    }
    r
}

/// Answers while the server runs.
#[utoipa::path(get, path = "/health", tag = "system", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into() })
}

/// What the app needs to know before anyone signs in.
#[utoipa::path(get, path = "/config", tag = "system", responses((status = 200, body = PublicConfig)))]
pub async fn public_config(State(state): State<AppState>) -> Json<PublicConfig> {
    Json(PublicConfig {
        mode: state.settings.mode,
        mailbox: state.settings.mailbox_enabled(),
        texts: state.settings.texts_enabled(),
        privacy_statement_version: state.settings.privacy_statement_version.clone(),
    })
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MailboxQuery {
    /// Only the mail to this address.
    pub to: Option<String>,
}

/// Mail "delivered" to the dev mailbox (demo mode without SMTP only), newest first (at most
/// 200), or only what went to one address.
#[utoipa::path(get, path = "/dev/mailbox", tag = "system", params(MailboxQuery),
    responses((status = 200, body = Mailbox), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_mailbox(State(state): State<AppState>, ApiQuery(q): ApiQuery<MailboxQuery>) -> AppResult<Json<Mailbox>> {
    let rows = state.db.mailbox(200, q.to.as_deref().unwrap_or("").trim()).await?;
    Ok(Json(Mailbox {
        messages: rows
            .into_iter()
            .map(|m| MailboxMessage {
                id: m.id,
                to: m.to_address,
                subject: m.subject,
                text: m.text_body,
                locale: m.locale,
                created_at: rfc3339(m.created_at),
            })
            .collect(),
    }))
}

/// Text messages "sent" to the dev page of text messages (demo mode without an SMS gateway
/// only), newest first.
#[utoipa::path(get, path = "/dev/texts", tag = "system",
    responses((status = 200, body = DevTexts), (status = 404, body = ErrorBody)))]
pub async fn list_texts(State(state): State<AppState>) -> AppResult<Json<DevTexts>> {
    let rows = state.db.dev_texts(200).await?;
    Ok(Json(DevTexts {
        messages: rows
            .into_iter()
            .map(|m| DevText { id: m.id, to: m.to_address, text: m.text_body, locale: m.locale, created_at: rfc3339(m.created_at) })
            .collect(),
    }))
}
