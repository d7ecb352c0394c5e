//! `/accounts/:account/users/:user`: one member. Product switches change seats optimistically;
//! role, team, removal and the contract manager transfer.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use seatwise_api::{
    ErrorCode, Member, MemberRole, Seats, Subscription, SubscriptionStatus, UpdateMemberRequest,
};

use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::session::use_session;
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute, UserFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn MemberPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.member.title).to_string());
    view! {
        <AdminOnly>
            <MemberDetail />
        </AdminOnly>
    }
}

#[component]
fn MemberDetail() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let user = Memo::new(move |_| params.with(|p| p.get(paths::USER_ID).unwrap_or_default()));
    let session = use_session();
    let toasts = use_toasts();
    let update = Action::new_local(move |request: &UpdateMemberRequest| {
        let request = api::update_member(
            account.id.get_untracked(),
            user.get_untracked(),
            request.clone(),
        );
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, accounts.member.saved).to_string());
            }
            result
        }
    });
    let transfer = Action::new_local(move |_: &()| {
        let request = api::transfer_primary(account.id.get_untracked(), user.get_untracked());
        async move {
            let result = request.await;
            match &result {
                Ok(()) => {
                    toasts.success(move || ts!(i18n, accounts.member.transferred).to_string());
                    // My own role in the account has changed.
                    session.accounts.refetch();
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let member = LocalResource::new(move || {
        update.version().track();
        transfer.version().track();
        api::get_member(account.id.get(), user.get())
    });
    let retry = Callback::new(move |_| member.refetch());
    let back = move || {
        AppRoute::AccountUsers {
            account: account.id.get(),
            filters: UserFilters::default(),
        }
        .href()
    };
    let content = move || {
        member.get().map(|result| {
            result.map(|member| {
                view! { <MemberView member=member update=update transfer=transfer /> }
            })
        })
    };
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, accounts.member.back)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn MemberView(
    /// The member as last loaded.
    member: Member,
    /// Saves role and team.
    update: Action<UpdateMemberRequest, ApiResult<Member>>,
    /// Makes this member the contract manager.
    transfer: Action<(), ApiResult<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = text::person_name(i18n, &member.first_name, &member.last_name);
    let tag = move || text::tag(i18n);
    let joined = member.joined_at.clone();
    let last = member.last_sign_in_at.clone();
    let status = member.status;
    let role = member.role;
    view! {
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" aria-labelledby="member-name">
                    <h2 id="member-name" class="card-title">{name}</h2>
                    <dl class="facts">
                        <div class="fact">
                            <dt>{tv!(i18n, core.fields.email)}</dt>
                            <dd>{member.email.clone()}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, core.profile.account_id)}</dt>
                            <dd class="mono">{member.account_id.clone()}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, accounts.users.role)}</dt>
                            <dd>{move || text::role_name(i18n, role)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, accounts.users.status)}</dt>
                            <dd>{move || text::member_status_name(i18n, status)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, accounts.member.joined)}</dt>
                            <dd>{move || intl::format_date(tag(), &joined)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, accounts.member.last_sign_in)}</dt>
                            <dd>{move || match &last {
                                Some(at) => intl::format_date_time(tag(), at),
                                None => ts!(i18n, accounts.member.never).to_string(),
                            }}</dd>
                        </div>
                    </dl>
                </section>
                <Assignments member=member.clone() />
            </div>
            <div class="detail-side">
                <RoleTeamForm member=member.clone() update=update />
                <DangerZone member=member transfer=transfer />
            </div>
        </div>
    }
}

/// One switch per subscription. A click changes the switch and the counter at once; the request
/// follows, and a refusal puts both back and says why.
#[component]
fn Assignments(member: Member) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let user_id = member.user_id.clone();
    let base: Vec<String> = member.subscription_ids.clone();
    // What the server last confirmed for a subscription (assigned, seat counts).
    let confirmed = RwSignal::new(BTreeMap::<String, (bool, Seats)>::new());
    // Changes on their way to the server: the state the person asked for.
    let pending = RwSignal::new(BTreeMap::<String, bool>::new());
    let toggle = Action::new_local(move |(subscription, assigned): &(String, bool)| {
        let (subscription, assigned) = (subscription.clone(), *assigned);
        let request = api::set_assignment(
            account.id.get_untracked(),
            user_id.clone(),
            subscription.clone(),
            assigned,
        );
        async move {
            let result = request.await;
            match &result {
                Ok(seats) => {
                    confirmed.update(|c| {
                        c.insert(subscription.clone(), (assigned, *seats));
                    });
                }
                Err(error) => {
                    toasts.error(error.clone());
                    if matches!(error, ApiError::Server { code: ErrorCode::NoSeatLeft, .. }) {
                        subscriptions.refetch();
                    }
                }
            }
            // Either way the request is over: confirmed (kept) or refused (rolled back).
            pending.update(|p| {
                p.remove(&subscription);
            });
            result
        }
    });
    let rows = move || {
        subscriptions.get().map(|result| {
            result.map(|list| {
                if list.subscriptions.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, software.products.none)}</p> }.into_any();
                }
                let items = list
                    .subscriptions
                    .into_iter()
                    .map(|subscription| {
                        let was_assigned = base.contains(&subscription.id);
                        view! {
                            <SeatSwitch
                                subscription=subscription
                                was_assigned=was_assigned
                                confirmed=confirmed
                                pending=pending
                                toggle=toggle
                            />
                        }
                    })
                    .collect_view();
                view! { <ul class="product-list">{items}</ul> }.into_any()
            })
        })
    };
    let retry = Callback::new(move |_| subscriptions.refetch());
    view! {
        <section class="card" aria-labelledby="member-products">
            <h2 id="member-products" class="card-title">{tv!(i18n, accounts.member.products)}</h2>
            <p class="muted">{tv!(i18n, accounts.member.products_hint)}</p>
            <Loaded on_retry=retry>
                    {rows}
                </Loaded>
        </section>
    }
}

#[component]
fn SeatSwitch(
    /// The subscription as loaded.
    subscription: Subscription,
    /// Whether the member held a seat when the page loaded.
    was_assigned: bool,
    /// What the server confirmed since.
    confirmed: RwSignal<BTreeMap<String, (bool, Seats)>>,
    /// Requests in flight.
    pending: RwSignal<BTreeMap<String, bool>>,
    /// Sends one change.
    toggle: Action<(String, bool), ApiResult<Seats>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = subscription.id.clone();
    let confirmed_state = {
        let id = id.clone();
        let (seats, used) = (subscription.seats, subscription.seats_used);
        move || {
            confirmed.with(|c| match c.get(&id) {
                Some((assigned, s)) => (*assigned, s.seats_used, s.seats),
                None => (was_assigned, used, seats),
            })
        }
    };
    let shown_assigned = {
        let id = id.clone();
        let confirmed_state = confirmed_state.clone();
        move || pending.with(|p| p.get(&id).copied()).unwrap_or_else(|| confirmed_state().0)
    };
    // The counter follows the switch: one seat more or less than the confirmed count.
    let shown_used = {
        let confirmed_state = confirmed_state.clone();
        let shown_assigned = shown_assigned.clone();
        move || {
            let (assigned, used, _) = confirmed_state();
            match (assigned, shown_assigned()) {
                (false, true) => used + 1,
                (true, false) => used.saturating_sub(1),
                _ => used,
            }
        }
    };
    let total = move || confirmed_state().2;
    let on_change = {
        let id = id.clone();
        let shown_assigned = shown_assigned.clone();
        move |_| {
            if pending.with_untracked(|p| p.contains_key(&id)) {
                return;
            }
            let want = !shown_assigned();
            pending.update(|p| {
                p.insert(id.clone(), want);
            });
            toggle.dispatch((id.clone(), want));
        }
    };
    let input_id = format!("seat-{id}");
    let counter_id = format!("seats-{id}");
    let inactive = subscription.status != SubscriptionStatus::Active;
    let status = subscription.status;
    let licence = subscription.licence_type;
    let seats_text = {
        let shown_used = shown_used.clone();
        let total = total.clone();
        move || text::seats(i18n, shown_used(), total())
    };
    view! {
        <li class="product-row">
            <div>
                <label class="switch" for=input_id.clone()>
                    <input
                        type="checkbox"
                        role="switch"
                        id=input_id.clone()
                        aria-describedby=counter_id.clone()
                        prop:checked=shown_assigned.clone()
                        aria-checked=move || if shown_assigned() { "true" } else { "false" }
                        disabled=inactive
                        on:change=on_change
                    />
                    <span class="product-name">{subscription.product_name.clone()}</span>
                </label>
                <p class="product-facts">
                    {move || text::licence_name(i18n, licence)}
                    {inactive.then(|| view! { " · " <span class="badge badge-danger">{move || text::subscription_status_name(i18n, status)}</span> })}
                </p>
            </div>
            <div class="seat-meter">
                <meter
                    min="0"
                    max=move || total().to_string()
                    value=move || shown_used().to_string()
                    aria-hidden="true"
                ></meter>
                <span class="seat-count" id=counter_id data-testid=format!("seats-{}", subscription.product_code)>
                    {seats_text}
                </span>
            </div>
        </li>
    }
}

/// Role (user or secondary admin) and team.
#[component]
fn RoleTeamForm(member: Member, update: Action<UpdateMemberRequest, ApiResult<Member>>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let teams = LocalResource::new(move || api::list_teams(account.id.get()));
    let is_primary = member.role == MemberRole::PrimaryAdmin;
    let role = RwSignal::new(member.role.as_str().to_owned());
    let chosen = RwSignal::new(member.teams.iter().map(|t| t.id.clone()).collect::<Vec<String>>());
    let busy = update.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let role = (!is_primary)
            .then(|| MemberRole::parse(&role.get_untracked()))
            .flatten();
        update.dispatch(UpdateMemberRequest {
            role,
            team_ids: Some(chosen.get_untracked()),
        });
    };
    // One checkbox per team; the directory's teams are joined and left only there.
    let team_options = move || match teams.get() {
        Some(Ok(list)) => list
            .teams
            .into_iter()
            .map(|t| {
                let id = t.id.clone();
                let checked = chosen.with_untracked(|c| c.contains(&id));
                let input_id = format!("member-team-{}", t.id);
                let label_for = input_id.clone();
                let toggle = {
                    let id = id.clone();
                    move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        chosen.update(|c| {
                            c.retain(|x| x != &id);
                            if on {
                                c.push(id.clone());
                            }
                        });
                    }
                };
                view! {
                    <label class="check" for=label_for>
                        <input type="checkbox" id=input_id checked=checked disabled=t.synced on:change=toggle />
                        {t.name.clone()}
                        {t.synced.then(|| view! { <span class="badge">{move || ts!(i18n, accounts.member.synced)}</span> })}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="card" aria-labelledby="member-access">
            <h2 id="member-access" class="card-title">{tv!(i18n, accounts.member.access)}</h2>
            <form class="form" on:submit=on_submit>
                <FormAlert error=action_error(update) />
                <div class="field">
                    <label class="field-label" for="member-role">{tv!(i18n, accounts.users.role)}</label>
                    {if is_primary {
                        view! {
                            <input id="member-role" class="input" readonly=true prop:value=move || text::role_name(i18n, MemberRole::PrimaryAdmin) aria-describedby="member-role-hint" />
                            <p class="field-hint" id="member-role-hint">{tv!(i18n, accounts.member.primary_note)}</p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <select
                                id="member-role"
                                class="input select"
                                on:change=move |ev| role.set(event_target_value(&ev))
                                prop:value=move || role.get()
                            >
                                <option value="user" selected=move || role.get() == "user">{move || text::role_name(i18n, MemberRole::User)}</option>
                                <option value="secondary_admin" selected=move || role.get() == "secondary_admin">{move || text::role_name(i18n, MemberRole::SecondaryAdmin)}</option>
                            </select>
                        }
                        .into_any()
                    }}
                </div>
                <fieldset class="field" aria-describedby="member-teams-hint">
                    <legend class="field-label">{tv!(i18n, accounts.users.team)}</legend>
                    {team_options}
                    <p class="field-hint" id="member-teams-hint">{tv!(i18n, accounts.member.teams_hint)}</p>
                </fieldset>
                <div class="form-actions">
                    <SubmitButton
                        busy=busy
                        label=Signal::derive(move || ts!(i18n, accounts.member.save).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, core.profile.saving).to_string())
                    />
                </div>
            </form>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirming {
    Nothing,
    Remove,
    Transfer,
}

/// Remove from the account; hand over the contract manager role.
#[component]
fn DangerZone(member: Member, transfer: Action<(), ApiResult<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let confirming = RwSignal::new(Confirming::Nothing);
    let is_primary = member.role == MemberRole::PrimaryAdmin;
    let user_id = member.user_id.clone();
    let name = text::person_name(i18n, &member.first_name, &member.last_name);
    let remove = Action::new_local(move |_: &()| {
        let request = api::remove_member(account.id.get_untracked(), user_id.clone());
        let navigate = navigate.clone();
        async move {
            let result = request.await;
            match &result {
                Ok(()) => {
                    toasts.success(move || ts!(i18n, accounts.member.removed).to_string());
                    navigate(
                        &AppRoute::AccountUsers {
                            account: account.id.get_untracked(),
                            filters: UserFilters::default(),
                        }
                        .href(),
                        Default::default(),
                    );
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let do_transfer = Callback::new(move |_| {
        transfer.dispatch(());
    });
    let remove_text = {
        let name = name.clone();
        Signal::derive(move || ts!(i18n, accounts.member.remove_text, name = name.clone()))
    };
    let transfer_text = Signal::derive(move || {
        ts!(i18n, accounts.member.transfer_text, name = name.clone())
    });
    let can_transfer = move || account.is_primary() && !is_primary;
    view! {
        <section class="card" aria-labelledby="member-danger">
            <h2 id="member-danger" class="card-title">{tv!(i18n, accounts.member.manage)}</h2>
            {if is_primary {
                view! {
                    <p class="muted" id="remove-hint">{tv!(i18n, core.errors.primary_admin_required)}</p>
                    <button type="button" class="btn btn-secondary" disabled=true aria-describedby="remove-hint">
                        {tv!(i18n, accounts.member.remove)}
                    </button>
                }
                .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="btn btn-secondary"
                        on:click=move |_| confirming.set(Confirming::Remove)
                    >
                        {tv!(i18n, accounts.member.remove)}
                    </button>
                }
                .into_any()
            }}
            <Show when=can_transfer>
                <button
                    type="button"
                    class="btn btn-secondary"
                    on:click=move |_| confirming.set(Confirming::Transfer)
                >
                    {tv!(i18n, accounts.member.transfer)}
                </button>
            </Show>
            {move || match confirming.get() {
                Confirming::Nothing => ().into_any(),
                Confirming::Remove => view! {
                    <ConfirmPanel
                        id="confirm-remove"
                        title=Signal::derive(move || ts!(i18n, accounts.member.remove_title).to_string())
                        text=remove_text
                        confirm_label=Signal::derive(move || ts!(i18n, accounts.member.remove).to_string())
                        busy=remove.pending()
                        on_confirm=Callback::new(move |_| { remove.dispatch(()); })
                        on_cancel=Callback::new(move |_| confirming.set(Confirming::Nothing))
                    />
                }
                .into_any(),
                Confirming::Transfer => view! {
                    <ConfirmPanel
                        id="confirm-transfer"
                        title=Signal::derive(move || ts!(i18n, accounts.member.transfer_title).to_string())
                        text=transfer_text
                        confirm_label=Signal::derive(move || ts!(i18n, accounts.member.transfer).to_string())
                        busy=transfer.pending()
                        on_confirm=do_transfer
                        on_cancel=Callback::new(move |_| confirming.set(Confirming::Nothing))
                    />
                }
                .into_any(),
            }}
        </section>
    }
}
