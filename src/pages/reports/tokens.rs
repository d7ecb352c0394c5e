//! The usage-report API's tokens (premium accounts): admins create a token with a name, the
//! reports it may read and how long it lives; its secret is shown once. The list shows each
//! token's hint, scopes, creator, expiry and last use, with Revoke.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{CreatedReportToken, ErrorCode, NewReportToken, ReportScope, ReportToken, ReportTokenList};

use super::reports_class;
use crate::account::use_account;
use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{field_error, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, ContractFilters};
use crate::text::{self, I18n};

/// How long a new token may live, in days (the server allows 1 to 365).
const LIFETIMES: [u32; 4] = [30, 90, 180, 365];

fn scope_name(i18n: I18n, scope: ReportScope) -> String {
    match scope {
        ReportScope::SeatUsage => ts!(i18n, reports.api_tokens.scope_seat_usage),
        ReportScope::Insights => ts!(i18n, reports.api_tokens.scope_insights),
        ReportScope::CloudUsage => ts!(i18n, reports.api_tokens.scope_cloud_usage),
        ReportScope::Downloads => ts!(i18n, reports.api_tokens.scope_downloads),
    }
    .to_string()
}

fn token_error(i18n: I18n, error: &ApiError) -> String {
    match error {
        ApiError::Server { code: ErrorCode::PremiumRequired, .. } => ts!(i18n, reports.api_tokens.premium_required).to_string(),
        ApiError::Server { code: ErrorCode::Conflict, .. } => ts!(i18n, reports.api_tokens.too_many).to_string(),
        _ => text::error_message(i18n, error),
    }
}

/// The tokens' view, from its own chunk (`seatwise_report_tokens`): the reports page shows it
/// as a `ShellPart` when its tab opens.
pub fn part() -> crate::components::lazy::PageFuture {
    Box::pin(tokens_part())
}

#[leptos::wasm_split::wasm_split(seatwise_report_tokens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn tokens_part() -> Result<AnyView, crate::components::lazy::ChunkLoadError> {
    Ok(view! { <ApiTokens /> }.into_any())
}

#[component]
fn ApiTokens() -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let list = LocalResource::new(move || api::report_tokens(account.id.get()));
    let retry = Callback::new(move |_| list.refetch());
    // The token just made, whose secret is shown until the page is left.
    let created = RwSignal::new(None::<CreatedReportToken>);
    let body = move || {
        list.get().map(|result: ApiResult<ReportTokenList>| {
            result.map(|l| {
                let form = if l.premium {
                    view! { <NewTokenForm created=created on_done=retry /> }.into_any()
                } else {
                    let href = AppRoute::AccountContracts { account: account.id.get_untracked(), filters: ContractFilters::default() }.href();
                    view! {
                        <div class="alert alert-info" data-testid="tokens-premium">
                            <p>
                                {tv!(i18n, reports.api_tokens.premium_needed)} " "
                                <A href=href>{tv!(i18n, reports.api_tokens.premium_link)}</A>
                            </p>
                        </div>
                    }
                    .into_any()
                };
                let table = if l.tokens.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.api_tokens.none)}</p> }.into_any()
                } else {
                    view! { <TokenTable tokens=l.tokens on_done=retry /> }.into_any()
                };
                view! { {form} {table} }
            })
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{tv!(i18n, reports.api_tokens.title)}</h2>
            <p class="muted">{tv!(i18n, reports.api_tokens.intro)}</p>
            {move || created.get().map(|c| view! { <NewSecret created=c /> })}
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

/// The secret of the token just made: shown once, with how to use it.
#[component]
fn NewSecret(created: CreatedReportToken) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let example = format!(
        "curl -H \"Authorization: Bearer {}\" {}",
        created.secret,
        api::report_export_href(&account.id.get_untracked(), "seat-usage/export.csv", "")
    );
    let example = if example.contains("://") {
        example
    } else {
        let origin = window().location().origin().unwrap_or_default();
        example.replacen(" /", &format!(" {origin}/"), 1)
    };
    view! { class=class,
        <div class="alert alert-success token-secret" role="status" data-testid="token-secret">
            <p><strong>{move || ts!(i18n, reports.api_tokens.created, name = created.token.name.clone())}</strong></p>
            <p>{tv!(i18n, reports.api_tokens.copy_now)}</p>
            <label class="field-label" for="token-secret">{tv!(i18n, reports.api_tokens.secret)}</label>
            <input id="token-secret" class="input mono" readonly prop:value=created.secret.clone()
                on:focus=|ev| { let _ = event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
            <label class="field-label" for="token-example">{tv!(i18n, reports.api_tokens.example)}</label>
            <input id="token-example" class="input mono" readonly prop:value=example
                on:focus=|ev| { let _ = event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
        </div>
    }
}

#[component]
fn NewTokenForm(created: RwSignal<Option<CreatedReportToken>>, on_done: Callback<()>) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![ReportScope::SeatUsage]);
    let days = RwSignal::new(90u32);
    let create = Action::new_local(move |body: &NewReportToken| api::create_report_token(account.id.get_untracked(), body.clone()));
    Effect::new(move |_| {
        if let Some(Ok(token)) = create.value().get() {
            let label = token.token.name.clone();
            toasts.success(move || ts!(i18n, reports.api_tokens.created, name = label.clone()).to_string());
            created.set(Some(token));
            name.set(String::new());
            on_done.run(());
        }
    });
    let error = Signal::derive(move || match create.value().get() {
        Some(Err(e)) if e.field("name").is_none() && e.field("scopes").is_none() && e.field("days").is_none() => Some(e),
        _ => None,
    });
    let scopes_error = field_error(create, "scopes");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(NewReportToken { name: name.get_untracked(), scopes: scopes.get_untracked(), days: days.get_untracked() });
    };
    let scope_box = move |scope: ReportScope| {
        let (id, for_id) = (format!("scope-{}", scope.as_str()), format!("scope-{}", scope.as_str()));
        let checked = move || scopes.with(|s| s.contains(&scope));
        let toggle = move |_| {
            scopes.update(|s| {
                if let Some(i) = s.iter().position(|x| *x == scope) {
                    s.remove(i);
                } else {
                    s.push(scope);
                }
            })
        };
        view! {
            <label class="check" for=for_id>
                <input type="checkbox" id=id name="scopes" prop:checked=checked on:change=toggle />
                {move || scope_name(i18n, scope)}
            </label>
        }
    };
    view! { class=class,
        <form class="token-form" on:submit=submit aria-labelledby="new-token-title" novalidate>
            <h3 id="new-token-title">{tv!(i18n, reports.api_tokens.new_title)}</h3>
            {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert"><p>{token_error(i18n, &e)}</p></div> })}
            <TextField name="name" label=Signal::derive(move || ts!(i18n, reports.api_tokens.name).to_string()) value=name
                error=field_error(create, "name") hint=Signal::derive(move || Some(ts!(i18n, reports.api_tokens.name_hint).to_string()))
                required=true maxlength=80 />
            <fieldset class="field" aria-describedby=move || scopes_error.with(Option::is_some).then_some("scopes-error")>
                <legend class="field-label">{tv!(i18n, reports.api_tokens.scopes)}</legend>
                <div class="checks">{ReportScope::ALL.into_iter().map(scope_box).collect_view()}</div>
                {move || scopes_error.get().map(|m| view! { <p class="field-error" id="scopes-error">{m}</p> })}
            </fieldset>
            <div class="field">
                <label class="field-label" for="token-days">{tv!(i18n, reports.api_tokens.lifetime)}</label>
                <select id="token-days" class="input" on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(90))>
                    {LIFETIMES
                        .into_iter()
                        .map(|d| view! { <option value=d.to_string() selected=move || days.get() == d>{move || ts!(i18n, reports.api_tokens.days, n = d.to_string())}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="form-actions">
                <SubmitButton busy=create.pending() label=Signal::derive(move || ts!(i18n, reports.api_tokens.create).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, reports.api_tokens.creating).to_string()) />
            </div>
        </form>
    }
}

#[component]
fn TokenTable(tokens: Vec<ReportToken>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let confirming = RwSignal::new(None::<(String, String)>);
    let revoke = Action::new_local(move |(id, _name): &(String, String)| api::revoke_report_token(account.id.get_untracked(), id.clone()));
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            if let Some((_, name)) = confirming.get_untracked() {
                toasts.success(move || ts!(i18n, reports.api_tokens.revoked_toast, name = name.clone()).to_string());
            }
            confirming.set(None);
            on_done.run(());
        }
        Some(Err(e)) => toasts.error_text(move || token_error(i18n, &e)),
        None => {}
    });
    let columns = vec![
        Column::new(tv!(i18n, reports.api_tokens.name)),
        Column::new(tv!(i18n, reports.api_tokens.scopes)),
        Column::new(tv!(i18n, reports.api_tokens.created_by)),
        Column::new(tv!(i18n, reports.api_tokens.expires)),
        Column::new(tv!(i18n, reports.api_tokens.last_used)),
        Column::new(tv!(i18n, reports.api_tokens.status)),
        Column::new(tv!(i18n, reports.api_tokens.actions)),
    ];
    let date = move |at: &str| intl::format_date_time(text::tag(i18n), at);
    let rows = tokens
        .into_iter()
        .map(|t| {
            let scopes = t.scopes.clone();
            let scopes = move || scopes.iter().map(|s| scope_name(i18n, *s)).collect::<Vec<_>>().join(", ");
            let (expires, last) = (t.expires_at.clone(), t.last_used_at.clone());
            let status = {
                let (live, revoked) = (t.live, t.revoked_at.is_some());
                move || {
                    if live {
                        ts!(i18n, reports.api_tokens.live)
                    } else if revoked {
                        ts!(i18n, reports.api_tokens.revoked)
                    } else {
                        ts!(i18n, reports.api_tokens.expired)
                    }
                    .to_string()
                }
            };
            let button = t.live.then(|| {
                let (id, name) = (t.id.clone(), t.name.clone());
                let label_name = name.clone();
                view! {
                    <button type="button" class="btn btn-secondary btn-sm"
                        aria-label=move || ts!(i18n, reports.api_tokens.revoke_label, name = label_name.clone()).to_string()
                        on:click=move |_| confirming.set(Some((id.clone(), name.clone())))>
                        {tv!(i18n, reports.api_tokens.revoke)}
                    </button>
                }
            });
            view! {
                <tr data-testid=format!("token-{}", t.id)>
                    <th scope="row">{t.name.clone()}<span class="mono hint">{t.hint.clone()}</span></th>
                    <td>{scopes}</td>
                    <td>{t.created_by.clone()}</td>
                    <td>{move || date(&expires)}</td>
                    <td>{move || last.as_deref().map(|l| date(l)).unwrap_or_else(|| ts!(i18n, reports.api_tokens.never).to_string())}</td>
                    <td>{status}</td>
                    <td>{button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {move || confirming.get().map(|(id, name)| {
            let (text_name, title_name) = (name.clone(), name.clone());
            view! {
                <ConfirmPanel
                    id="revoke-token"
                    title=Signal::derive(move || ts!(i18n, reports.api_tokens.revoke_title, name = title_name.clone()).to_string())
                    text=Signal::derive(move || ts!(i18n, reports.api_tokens.revoke_text, name = text_name.clone()).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, reports.api_tokens.revoke).to_string())
                    busy=revoke.pending()
                    on_confirm=Callback::new(move |_| { revoke.dispatch((id.clone(), name.clone())); })
                    on_cancel=Callback::new(move |_| confirming.set(None))
                />
            }
        })}
        <DataTable columns=columns caption=tv!(i18n, reports.api_tokens.list_title)>{rows}</DataTable>
    }
}
