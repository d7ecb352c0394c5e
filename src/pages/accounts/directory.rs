//! `/accounts/:account/directory`: directory sync (SCIM) for admins. Turn it on, give the
//! identity provider the base URL and a token (shown once), bind teams to subscriptions so
//! that joining a team gives a seat, and read the last 100 requests the provider made.

use leptos::prelude::*;
use seatwise_api::{CreatedScimToken, DirectorySettings, DirectorySync, ErrorCode, ScimToken, Subscription, Team};

use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{field_error, CheckboxField, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.directory.title).to_string());
    view! {
        <AdminOnly>
            <Directory />
        </AdminOnly>
    }
}

fn directory_error(i18n: I18n, error: &ApiError) -> String {
    match error {
        ApiError::Server { code: ErrorCode::PremiumRequired, .. } => ts!(i18n, accounts.directory.unavailable).to_string(),
        _ => text::error_message(i18n, error),
    }
}

/// What a logged request came to, in words.
fn outcome_name(i18n: I18n, outcome: &str) -> String {
    match outcome {
        "ok" => ts!(i18n, accounts.directory.outcome_ok),
        "created" => ts!(i18n, accounts.directory.outcome_created),
        "deleted" => ts!(i18n, accounts.directory.outcome_deleted),
        "unauthorized" => ts!(i18n, accounts.directory.outcome_unauthorized),
        "not_found" => ts!(i18n, accounts.directory.outcome_not_found),
        "uniqueness" => ts!(i18n, accounts.directory.outcome_uniqueness),
        "precondition_failed" => ts!(i18n, accounts.directory.outcome_precondition),
        "mutability" => ts!(i18n, accounts.directory.outcome_mutability),
        "server_error" => ts!(i18n, accounts.directory.outcome_server_error),
        // invalid_value, invalid_syntax, invalid_filter, invalid_path, conflict, too_large, too_many
        _ => ts!(i18n, accounts.directory.outcome_refused),
    }
    .to_string()
}

#[component]
fn Directory() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let state = LocalResource::new(move || api::directory(account.id.get()));
    let retry = Callback::new(move |_| state.refetch());
    let created = RwSignal::new(None::<CreatedScimToken>);
    let body = move || {
        state.get().map(|result: ApiResult<DirectorySync>| {
            result.map(|d| {
                if !d.available {
                    return view! {
                        <div class="alert alert-info" data-testid="directory-unavailable"><p>{tv!(i18n, accounts.directory.unavailable)}</p></div>
                    }
                    .into_any();
                }
                let on = d.on;
                view! {
                    <SyncSettings directory=d.clone() on_done=retry />
                    {on.then(|| view! {
                        <div class="field">
                            <label class="field-label" for="scim-base-url">{tv!(i18n, accounts.directory.base_url)}</label>
                            <input id="scim-base-url" class="input mono" readonly prop:value=d.base_url.clone()
                                on:focus=|ev| { let _ = event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                        </div>
                    })}
                    <section aria-labelledby="scim-tokens-title">
                        <h3 id="scim-tokens-title">{tv!(i18n, accounts.directory.tokens)}</h3>
                        {move || created.get().map(|c| view! {
                            <div class="alert alert-success" role="status" data-testid="scim-secret">
                                <p><strong>{move || ts!(i18n, accounts.directory.token_created, name = c.token.name.clone())}</strong></p>
                                <p>{tv!(i18n, accounts.directory.copy_now)}</p>
                                <label class="field-label" for="scim-secret">{tv!(i18n, accounts.directory.secret)}</label>
                                <input id="scim-secret" class="input mono" readonly prop:value=c.secret.clone()
                                    on:focus=|ev| { let _ = event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                            </div>
                        })}
                        <NewToken created=created on_done=retry />
                        <TokenList tokens=d.tokens.clone() on_done=retry />
                    </section>
                    <Bindings />
                    <RequestLog directory=d />
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="directory-title">
            <h2 id="directory-title">{tv!(i18n, accounts.directory.title)}</h2>
            <p class="muted">{tv!(i18n, accounts.directory.intro)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

#[component]
fn SyncSettings(directory: DirectorySync, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let on = RwSignal::new(directory.on);
    let linked = RwSignal::new(directory.linked_sign_in);
    let save = Action::new_local(move |body: &DirectorySettings| api::set_directory(account.id.get_untracked(), body.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(move || ts!(i18n, accounts.directory.saved).to_string());
            on_done.run(());
        }
        Some(Err(e)) => toasts.error_text(move || directory_error(i18n, &e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(DirectorySettings { on: on.get_untracked(), linked_sign_in: linked.get_untracked() });
    };
    view! {
        <form class="form" on:submit=submit>
            <CheckboxField name="on" label=Signal::derive(move || ts!(i18n, accounts.directory.on).to_string()) checked=on />
            <CheckboxField name="linked_sign_in" label=Signal::derive(move || ts!(i18n, accounts.directory.linked_sign_in).to_string())
                checked=linked hint=Signal::derive(move || Some(ts!(i18n, accounts.directory.linked_hint).to_string())) />
            <div class="form-actions">
                <SubmitButton busy=save.pending() label=Signal::derive(move || ts!(i18n, accounts.directory.save).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, core.profile.saving).to_string()) />
            </div>
        </form>
    }
}

#[component]
fn NewToken(created: RwSignal<Option<CreatedScimToken>>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let name = RwSignal::new(String::new());
    let create = Action::new_local(move |name: &String| api::create_scim_token(account.id.get_untracked(), name.clone()));
    Effect::new(move |_| {
        if let Some(Ok(token)) = create.value().get() {
            created.set(Some(token));
            name.set(String::new());
            on_done.run(());
        }
    });
    let error = Signal::derive(move || match create.value().get() {
        Some(Err(e)) if e.field("name").is_none() => Some(e),
        _ => None,
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(name.get_untracked());
    };
    view! {
        <form class="toolbar" on:submit=submit novalidate>
            {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert"><p>{directory_error(i18n, &e)}</p></div> })}
            <TextField name="name" label=Signal::derive(move || ts!(i18n, accounts.directory.token_name).to_string()) value=name
                error=field_error(create, "name") required=true maxlength=80 />
            <SubmitButton busy=create.pending() label=Signal::derive(move || ts!(i18n, accounts.directory.create_token).to_string())
                busy_label=Signal::derive(move || ts!(i18n, accounts.teams.creating).to_string()) />
        </form>
    }
}

#[component]
fn TokenList(tokens: Vec<ScimToken>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let revoke = Action::new_local(move |id: &String| api::revoke_scim_token(account.id.get_untracked(), id.clone()));
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            toasts.success(move || ts!(i18n, accounts.directory.revoked).to_string());
            on_done.run(());
        }
        Some(Err(e)) => toasts.error(e),
        None => {}
    });
    if tokens.is_empty() {
        return view! { <p class="empty">{tv!(i18n, accounts.directory.no_tokens)}</p> }.into_any();
    }
    let date = move |at: &str| intl::format_date_time(text::tag(i18n), at);
    let rows = tokens
        .into_iter()
        .map(|t| {
            let created = t.created_at.clone();
            let last = t.last_used_at.clone();
            let live = t.revoked_at.is_none();
            let (id, name) = (t.id.clone(), t.name.clone());
            view! {
                <tr>
                    <td>{t.name.clone()}</td>
                    <td class="mono">{t.hint.clone()}</td>
                    <td>{move || date(&created)}</td>
                    <td>{move || last.as_deref().map(date).unwrap_or_else(|| ts!(i18n, accounts.directory.never).to_string())}</td>
                    <td>
                        {if live {
                            view! {
                                <button type="button" class="btn btn-secondary btn-sm"
                                    aria-label=move || ts!(i18n, accounts.directory.revoke_label, name = name.clone()).to_string()
                                    on:click=move |_| { revoke.dispatch(id.clone()); }>
                                    {tv!(i18n, accounts.directory.revoke)}
                                </button>
                            }
                            .into_any()
                        } else {
                            view! { <span class="badge">{tv!(i18n, accounts.directory.revoked_badge)}</span> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable columns=vec![
            Column::new(tv!(i18n, accounts.directory.token_name)),
            Column::new(tv!(i18n, accounts.directory.hint)),
            Column::new(tv!(i18n, accounts.directory.created)),
            Column::new(tv!(i18n, accounts.directory.last_used)),
            Column::new(tv!(i18n, accounts.teams.actions)),
        ]>
            {rows}
        </DataTable>
    }
    .into_any()
}

/// Teams and the subscriptions each gives a seat of.
#[component]
fn Bindings() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let teams = LocalResource::new(move || api::list_teams(account.id.get()));
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let retry = Callback::new(move |_| {
        teams.refetch();
        subscriptions.refetch();
    });
    let body = move || {
        let subs = match subscriptions.get() {
            Some(Ok(s)) => s.subscriptions,
            Some(Err(e)) => return Some(Err(e)),
            None => return None,
        };
        teams.get().map(|result| {
            result.map(|list| {
                if list.teams.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, accounts.teams.empty)}</p> }.into_any();
                }
                list.teams.into_iter().map(|t| view! { <TeamBinding team=t subscriptions=subs.clone() /> }).collect_view().into_any()
            })
        })
    };
    view! {
        <section aria-labelledby="bindings-title">
            <h3 id="bindings-title">{tv!(i18n, accounts.directory.bindings)}</h3>
            <p class="muted">{tv!(i18n, accounts.directory.bindings_intro)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

#[component]
fn TeamBinding(team: Team, subscriptions: Vec<Subscription>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let chosen = RwSignal::new(team.subscription_ids.clone());
    let id = team.id.clone();
    let save = Action::new_local(move |ids: &Vec<String>| api::set_team_bindings(account.id.get_untracked(), id.clone(), ids.clone()));
    let name = team.name.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            let name = name.clone();
            toasts.success(move || ts!(i18n, accounts.directory.bound, name = name.clone()).to_string());
        }
        Some(Err(e)) => toasts.error(e),
        None => {}
    });
    let boxes = subscriptions
        .into_iter()
        .map(|s| {
            let input_id = format!("bind-{}-{}", team.id, s.id);
            let label_for = input_id.clone();
            let sid = s.id.clone();
            let checked = {
                let sid = sid.clone();
                move || chosen.with(|c| c.contains(&sid))
            };
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|x| x != &sid);
                    if on {
                        c.push(sid.clone());
                    }
                });
            };
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=input_id prop:checked=checked on:change=toggle />
                    {format!("{} ({})", s.product_name, s.contract_number)}
                </label>
            }
        })
        .collect_view();
    let legend_id = format!("binding-{}", team.id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(chosen.get_untracked());
    };
    let (name, synced, count) = (team.name.clone(), team.synced, team.member_count as usize);
    view! {
        <form class="form" on:submit=submit data-testid=format!("binding-{}", team.name)>
            <fieldset class="field">
                <legend id=legend_id class="field-label">
                    {name.clone()} " · " {move || ts!(i18n, accounts.directory.member_count, n = text::number(i18n, count))}
                    {synced.then(|| view! { " " <span class="badge">{move || ts!(i18n, accounts.member.synced)}</span> })}
                </legend>
                <div class="checks">{boxes}</div>
            </fieldset>
            <div class="form-actions">
                <SubmitButton busy=save.pending() label=Signal::derive(move || ts!(i18n, accounts.directory.save_binding, name = name.clone()).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, core.profile.saving).to_string()) />
            </div>
        </form>
    }
}

#[component]
fn RequestLog(directory: DirectorySync) -> impl IntoView {
    let i18n = use_i18n();
    let body = if directory.requests.is_empty() {
        view! { <p class="empty">{tv!(i18n, accounts.directory.no_requests)}</p> }.into_any()
    } else {
        let rows = directory
            .requests
            .into_iter()
            .map(|r| {
                let at = r.at.clone();
                let outcome = r.outcome.clone();
                let ok = r.status < 400;
                view! {
                    <tr>
                        <td>{move || intl::format_date_time(text::tag(i18n), &at)}</td>
                        <td class="mono break">{format!("{} {}", r.method, r.path)}</td>
                        <td class="num">{r.status}</td>
                        <td>
                            <span class="badge" class:badge-success=ok class:badge-warning=!ok>{move || outcome_name(i18n, &outcome)}</span>
                            {(!r.detail.is_empty()).then(|| view! { <span class="muted break">" " {r.detail.clone()}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable columns=vec![
                Column::new(tv!(i18n, accounts.activity.when)),
                Column::new(tv!(i18n, accounts.directory.request)),
                Column::new(tv!(i18n, accounts.directory.status)),
                Column::new(tv!(i18n, accounts.directory.result)),
            ]>
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="requests-title">
            <h3 id="requests-title">{tv!(i18n, accounts.directory.requests)}</h3>
            {body}
        </section>
    }
}
