//! `/accounts/:account/invitations`: invitations and their status; invite one person, or
//! several at once (one `email, first name, last name` per line; all or none).

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{
    Invitation, InvitationList, InvitationStatus, Invite, InviteRequest, MemberRole,
    EMAIL_MAX_CHARS, NAME_MAX_CHARS,
};

use crate::components::table::{Column, DataTable};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, use_page_title};

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.invitations.title).to_string());
    view! {
        <AdminOnly>
            <Invitations />
        </AdminOnly>
    }
}

type SendInvites = Action<Vec<Invite>, ApiResult<InvitationList>>;

#[component]
fn Invitations() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let send_one: SendInvites = Action::new_local(move |invites: &Vec<Invite>| {
        let request = api::create_invitations(account.id.get_untracked(), InviteRequest { invitations: invites.clone() });
        async move {
            let result = request.await;
            if let Ok(list) = &result {
                let n = list.invitations.len();
                toasts.success(move || ts!(i18n, accounts.invitations.sent, count = text::number(i18n, n)));
            }
            result
        }
    });
    let send_many: SendInvites = Action::new_local(move |invites: &Vec<Invite>| {
        let request = api::create_invitations(account.id.get_untracked(), InviteRequest { invitations: invites.clone() });
        async move {
            let result = request.await;
            if let Ok(list) = &result {
                let n = list.invitations.len();
                toasts.success(move || ts!(i18n, accounts.invitations.sent, count = text::number(i18n, n)));
            }
            result
        }
    });
    let resend = Action::new_local(move |id: &String| {
        let request = api::resend_invitation(account.id.get_untracked(), id.clone());
        async move {
            let result = request.await.map(drop);
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, accounts.invitations.resent).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let revoke = Action::new_local(move |id: &String| {
        let request = api::revoke_invitation(account.id.get_untracked(), id.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, accounts.invitations.revoked).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let list = LocalResource::new(move || {
        send_one.version().track();
        send_many.version().track();
        resend.version().track();
        revoke.version().track();
        api::list_invitations(account.id.get())
    });
    let retry = Callback::new(move |_| list.refetch());
    let rows = move || {
        list.get().map(|result| {
            result.map(|list| {
                if list.invitations.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, accounts.invitations.empty)}</p> }.into_any();
                }
                let rows = list
                    .invitations
                    .into_iter()
                    .map(|inv| view! { <InvitationRow invitation=inv resend=resend revoke=revoke /> })
                    .collect_view();
                view! {
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, accounts.users.name)),
                        Column::new(tv!(i18n, accounts.users.email)),
                        Column::new(tv!(i18n, accounts.users.role)),
                        Column::new(tv!(i18n, accounts.invitations.status)),
                        Column::new(tv!(i18n, accounts.invitations.expires)),
                        Column::new(tv!(i18n, accounts.teams.actions)),
                    ]>
                        {rows}
                    </DataTable>
                }
                .into_any()
            })
        })
    };
    view! {
        <div class="detail-main">
            <InviteOne send=send_one />
            <InviteMany send=send_many />
            <section class="card">
                <div class="section-head"><h2>{tv!(i18n, accounts.invitations.title)}</h2></div>
                <Loaded on_retry=retry>
                        {rows}
                    </Loaded>
            </section>
        </div>
    }
}

#[component]
fn InvitationRow(
    invitation: Invitation,
    /// Sends the invitation again.
    resend: Action<String, ApiResult<()>>,
    /// Withdraws it.
    revoke: Action<String, ApiResult<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = invitation.status;
    let role = invitation.role;
    let expires = invitation.expires_at.clone();
    let open = matches!(status, InvitationStatus::Pending | InvitationStatus::Expired);
    let id = invitation.id.clone();
    let id2 = invitation.id.clone();
    let badge = match status {
        InvitationStatus::Pending => "badge badge-warning",
        InvitationStatus::Accepted => "badge badge-success",
        InvitationStatus::Expired => "badge badge-muted",
        InvitationStatus::Revoked => "badge badge-danger",
    };
    view! {
        <tr>
            <td>{text::person_name(i18n, &invitation.first_name, &invitation.last_name)}</td>
            <td class="break">{invitation.email.clone()}</td>
            <td>{move || text::role_name(i18n, role)}</td>
            <td><span class=badge>{move || text::invitation_status_name(i18n, status)}</span></td>
            <td class="num">{move || intl::format_date(text::tag(i18n), &expires)}</td>
            <td>
                {open.then(|| view! {
                    <div class="cell-actions">
                        <button type="button" class="btn btn-secondary btn-sm" disabled=move || resend.pending().get()
                            on:click=move |_| { resend.dispatch(id.clone()); }>
                            {tv!(i18n, accounts.invitations.resend)}
                        </button>
                        {(status == InvitationStatus::Pending).then(|| view! {
                            <button type="button" class="btn btn-secondary btn-sm" disabled=move || revoke.pending().get()
                                on:click=move |_| { revoke.dispatch(id2.clone()); }>
                                {tv!(i18n, accounts.invitations.revoke)}
                            </button>
                        })}
                    </div>
                })}
            </td>
        </tr>
    }
}

/// Team and products to give an invited person: loaded once for both forms.
fn team_and_products() -> (
    LocalResource<ApiResult<seatwise_api::TeamList>>,
    LocalResource<ApiResult<seatwise_api::SubscriptionList>>,
) {
    let account = use_account();
    (
        LocalResource::new(move || api::list_teams(account.id.get())),
        LocalResource::new(move || api::list_subscriptions(account.id.get())),
    )
}

#[component]
fn InviteOne(send: SendInvites) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let role = RwSignal::new("user".to_owned());
    let team = RwSignal::new(String::new());
    let products = RwSignal::new(BTreeSet::<String>::new());
    let (teams, subscriptions) = team_and_products();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send.dispatch(vec![Invite {
            email: email.get_untracked().trim().to_owned(),
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            role: MemberRole::parse(&role.get_untracked()),
            team_id: Some(team.get_untracked()).filter(|t| !t.is_empty()),
            subscription_ids: products.get_untracked().into_iter().collect(),
        }]);
    };
    let team_options = move || match teams.get() {
        Some(Ok(list)) => list
            .teams
            .into_iter()
            .map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    let product_boxes = move || match subscriptions.get() {
        Some(Ok(list)) => list
            .subscriptions
            .into_iter()
            .map(|s| {
                let id = s.id.clone();
                let input_id = format!("invite-product-{}", s.id);
                view! {
                    <div class="check-item">
                        <input type="checkbox" class="checkbox" id=input_id.clone()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                products.update(|p| { if on { p.insert(id.clone()); } else { p.remove(&id); } });
                            }
                        />
                        <label for=input_id>{s.product_name.clone()}</label>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="card" aria-labelledby="invite-one">
            <h2 id="invite-one" class="card-title">{tv!(i18n, accounts.invitations.invite_one)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=Signal::derive(move || action_error(send).get().filter(|e| !e.has_fields())) />
                <TextField
                    name="email"
                    label=Signal::derive(move || ts!(i18n, core.fields.email).to_string())
                    value=email
                    error=field_error(send, "invitations.0.email")
                    input_type="email"
                    required=true
                    maxlength=EMAIL_MAX_CHARS
                />
                <div class="form-row">
                    <TextField
                        name="first_name"
                        label=Signal::derive(move || ts!(i18n, core.fields.first_name).to_string())
                        value=first
                        error=field_error(send, "invitations.0.first_name")
                        required=true
                        maxlength=NAME_MAX_CHARS
                    />
                    <TextField
                        name="last_name"
                        label=Signal::derive(move || ts!(i18n, core.fields.last_name).to_string())
                        value=last
                        error=field_error(send, "invitations.0.last_name")
                        required=true
                        maxlength=NAME_MAX_CHARS
                    />
                </div>
                <div class="form-row">
                    <div class="field">
                        <label class="field-label" for="invite-role">{tv!(i18n, accounts.users.role)}</label>
                        <select id="invite-role" class="input select" on:change=move |ev| role.set(event_target_value(&ev))>
                            <option value="user">{move || text::role_name(i18n, MemberRole::User)}</option>
                            <option value="secondary_admin">{move || text::role_name(i18n, MemberRole::SecondaryAdmin)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label class="field-label" for="invite-team">{tv!(i18n, accounts.users.team)}</label>
                        <select id="invite-team" class="input select" on:change=move |ev| team.set(event_target_value(&ev))>
                            <option value="">{tv!(i18n, accounts.users.no_team)}</option>
                            {team_options}
                        </select>
                    </div>
                </div>
                <fieldset class="check-list">
                    <legend>{tv!(i18n, accounts.users.products)}</legend>
                    {product_boxes}
                </fieldset>
                <div class="form-actions">
                    <SubmitButton
                        busy=send.pending()
                        label=Signal::derive(move || ts!(i18n, accounts.invitations.send).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, accounts.invitations.sending).to_string())
                    />
                </div>
            </form>
        </section>
    }
}

#[component]
fn InviteMany(send: SendInvites) -> impl IntoView {
    let i18n = use_i18n();
    let text_value = RwSignal::new(String::new());
    // The lines as they were sent, to map `invitations.N.field` back to line numbers.
    let sent_lines = RwSignal::new(Vec::<usize>::new());
    let format_problems = RwSignal::new(Vec::<usize>::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lines = seatwise_api::parse_invite_lines(&text_value.get_untracked());
        let bad: Vec<usize> = lines.iter().filter(|l| l.invite.is_none()).map(|l| l.number).collect();
        format_problems.set(bad.clone());
        if !bad.is_empty() || lines.is_empty() {
            return;
        }
        sent_lines.set(lines.iter().map(|l| l.number).collect());
        send.dispatch(lines.into_iter().filter_map(|l| l.invite).collect());
    };
    let problems = move || {
        let mut out: Vec<String> = format_problems
            .get()
            .into_iter()
            .map(|n| ts!(i18n, accounts.invitations.line_format, line = text::number(i18n, n)))
            .collect();
        if out.is_empty() {
            if let Some(Err(ApiError::Server { fields, .. })) = send.value().get() {
                let lines = sent_lines.get();
                for (key, code) in fields {
                    let mut parts = key.split('.');
                    if let (Some("invitations"), Some(index), Some(field)) = (parts.next(), parts.next(), parts.next()) {
                        let line = index.parse::<usize>().ok().and_then(|i| lines.get(i).copied()).unwrap_or(0);
                        let field_name = match field {
                            "email" => ts!(i18n, core.fields.email).to_string(),
                            "first_name" => ts!(i18n, core.fields.first_name).to_string(),
                            "last_name" => ts!(i18n, core.fields.last_name).to_string(),
                            other => other.to_owned(),
                        };
                        out.push(ts!(i18n, accounts.invitations.line_error, line = text::number(i18n, line), field = field_name, message = text::field_message(i18n, field, code)));
                    }
                }
            }
        }
        out
    };
    let has_problems = move || !problems().is_empty();
    view! {
        <section class="card" aria-labelledby="invite-many">
            <h2 id="invite-many" class="card-title">{tv!(i18n, accounts.invitations.invite_many)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=Signal::derive(move || action_error(send).get().filter(|e| !e.has_fields())) />
                <div class="field" class:field-invalid=has_problems>
                    <label class="field-label" for="invite-lines">{tv!(i18n, accounts.invitations.lines)}</label>
                    <p class="field-hint" id="invite-lines-hint">{tv!(i18n, accounts.invitations.lines_hint)}</p>
                    <textarea
                        id="invite-lines"
                        class="input textarea"
                        aria-describedby="invite-lines-hint invite-lines-error"
                        aria-invalid=move || if has_problems() { "true" } else { "false" }
                        bind:value=text_value
                    ></textarea>
                    <ul class="line-errors" id="invite-lines-error" role="alert">
                        {move || problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </div>
                <div class="form-actions">
                    <SubmitButton
                        busy=send.pending()
                        label=Signal::derive(move || ts!(i18n, accounts.invitations.send_all).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, accounts.invitations.sending).to_string())
                    />
                </div>
            </form>
        </section>
    }
}
