use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{
    ErrorCode, ReauthenticateRequest, SecurityEvent, SecurityEventKind, SecurityOverview, SessionInfo, SignInMethod,
    TotpSetup,
};

use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, PasswordField, SubmitButton, TextField};
use crate::components::guard::RequireUser;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::text::{self, use_page_title};

use super::shared::{security_class, Reload};

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, security.security.title).to_string());
    view! {
        <RequireUser>
            <Security />
        </RequireUser>
    }
}

#[component]
fn Security() -> impl IntoView {
    let i18n = use_i18n();
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    let overview = LocalResource::new(move || {
        reload.track();
        api::security_overview()
    });
    provide_context(overview);
    let session = use_session();
    view! {
        <div class="container page page-medium">
            <header class="page-header">
                <h1>{tv!(i18n, security.security.title)}</h1>
                <p class="muted">{tv!(i18n, security.security.intro)}</p>
            </header>
            <div class="stack">
                {move || session.user().filter(|me| me.two_step_setup_required).map(|_| view! {
                    <div class="alert alert-info" role="status">
                        <p>{tv!(i18n, core.errors.two_step_setup_required)}</p>
                    </div>
                })}
                <Identity />
                <TwoStep />
                <super::phone::PhoneCodes />
                // Passkeys, linked accounts and the 2-step policies: their own chunk.
                <crate::components::lazy::ShellPart load=crate::pages::passkeys::cards />
                <Sessions />
                <History />
                <YourData />
                <DeleteAccount />
            </div>
        </div>
    }
}

/// Where the 2-step card is: what it shows besides the state.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    /// A new secret to take into the app, waiting for a code.
    Setup(TotpSetup),
    /// Recovery codes to save, shown once.
    Codes(Vec<String>),
}

#[component]
fn TwoStep() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let session = use_session();
    let step = RwSignal::new(Step::Idle);
    let confirming = RwSignal::new(None::<Danger>);
    // A change refused for want of a fresh sign-in: the overview says so, and the card asks
    // for the password.
    let refused = move |error: &ApiError| {
        if matches!(error, ApiError::Server { code: ErrorCode::ReauthenticationRequired, .. }) {
            overview.refetch();
        } else {
            toasts.error(error.clone());
        }
    };
    let start = Action::new_local(move |_: &()| async move {
        let result = api::start_totp().await;
        match &result {
            Ok(setup) => step.set(Step::Setup(setup.clone())),
            Err(error) => refused(error),
        }
        result.map(drop)
    });
    let new_codes = Action::new_local(move |_: &()| async move {
        let result = api::new_recovery_codes().await;
        confirming.set(None);
        match &result {
            Ok(codes) => {
                step.set(Step::Codes(codes.codes.clone()));
                reload.bump();
            }
            Err(error) => refused(error),
        }
        result.map(drop)
    });
    let turn_off = Action::new_local(move |_: &()| async move {
        let result = api::disable_two_step().await;
        confirming.set(None);
        match &result {
            Ok(()) => {
                toasts.success(move || ts!(i18n, security.two_step.turned_off).to_string());
                reload.bump();
            }
            Err(error) => refused(error),
        }
        result
    });
    let retry = Callback::new(move |_| overview.refetch());
    let body = move || {
        overview.get().map(|result| {
            result.map(|o: SecurityOverview| {
                let fresh = o.fresh_until.is_some();
                match step.get() {
                    Step::Codes(codes) => view! { <RecoveryCodeList codes=codes on_done=Callback::new(move |_| step.set(Step::Idle)) /> }.into_any(),
                    Step::Setup(setup) => view! {
                        <TotpSetupForm
                            setup=setup
                            on_enabled=Callback::new(move |codes: Vec<String>| {
                                step.set(Step::Codes(codes));
                                reload.bump();
                                // A setup an account required opens the rest of the portal.
                                session.me.refetch();
                            })
                            on_cancel=Callback::new(move |_| step.set(Step::Idle))
                            on_refused=Callback::new(move |error: ApiError| {
                                step.set(Step::Idle);
                                refused(&error);
                            })
                        />
                    }
                    .into_any(),
                    Step::Idle => view! {
                        <TwoStepState
                            overview=o
                            fresh=fresh
                            start=start
                            new_codes=new_codes
                            turn_off=turn_off
                            confirming=confirming
                            on_confirmed=Callback::new(move |_| overview.refetch())
                        />
                    }
                    .into_any(),
                }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="two-step-heading">
            <h2 id="two-step-heading" class="card-title">{tv!(i18n, security.two_step.title)}</h2>
            <p class="muted">{tv!(i18n, security.two_step.why)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

/// The changes that ask "are you sure?" first.
#[derive(Clone, Copy, PartialEq)]
enum Danger {
    NewCodes,
    TurnOff,
}

#[component]
fn TwoStepState(
    overview: SecurityOverview,
    fresh: bool,
    start: Action<(), ApiResult<()>>,
    new_codes: Action<(), ApiResult<()>>,
    turn_off: Action<(), ApiResult<()>>,
    confirming: RwSignal<Option<Danger>>,
    on_confirmed: Callback<()>,
) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let enabled = overview.totp_enabled;
    let required = overview.two_step_required;
    let left = overview.recovery_codes_left.to_string();
    let remembered = overview.remembered_browsers.to_string();
    let state = move || {
        if enabled {
            view! { class=class,
                <div class="status">
                    <span class="badge badge-success">{tv!(i18n, security.two_step.enabled)}</span>
                </div>
                <p>{tv!(i18n, security.two_step.on)}</p>
                {required.then(|| view! { <p class="muted">{tv!(i18n, security.two_step.required)}</p> })}
                <ul class="facts">
                    <li>{let left = left.clone(); move || ts!(i18n, security.two_step.codes_left, count = left.clone()).to_string()}</li>
                    <li>{let remembered = remembered.clone(); move || ts!(i18n, security.two_step.remembered, count = remembered.clone()).to_string()}</li>
                </ul>
            }
            .into_any()
        } else {
            view! { class=class, <p class="status">{tv!(i18n, security.two_step.off)}</p> }.into_any()
        }
    };
    let actions = move || {
        if !fresh {
            return view! { <Reauthenticate with_code=enabled on_done=on_confirmed /> }.into_any();
        }
        match confirming.get() {
            Some(Danger::NewCodes) => view! {
                <ConfirmPanel
                    id="new-codes"
                    title=Signal::derive(move || ts!(i18n, security.two_step.new_codes_title).to_string())
                    text=Signal::derive(move || ts!(i18n, security.two_step.new_codes_text).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, security.two_step.new_codes).to_string())
                    busy=new_codes.pending()
                    on_confirm=Callback::new(move |_| { new_codes.dispatch(()); })
                    on_cancel=Callback::new(move |_| confirming.set(None))
                />
            }
            .into_any(),
            Some(Danger::TurnOff) => view! {
                <ConfirmPanel
                    id="turn-off"
                    title=Signal::derive(move || ts!(i18n, security.two_step.turn_off_title).to_string())
                    text=Signal::derive(move || ts!(i18n, security.two_step.turn_off_text).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, security.two_step.turn_off).to_string())
                    busy=turn_off.pending()
                    on_confirm=Callback::new(move |_| { turn_off.dispatch(()); })
                    on_cancel=Callback::new(move |_| confirming.set(None))
                />
            }
            .into_any(),
            None if enabled => view! {
                <div class="form-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| confirming.set(Some(Danger::NewCodes))>
                        {tv!(i18n, security.two_step.new_codes)}
                    </button>
                    {(!required).then(|| view! {
                        <button type="button" class="btn btn-danger" on:click=move |_| confirming.set(Some(Danger::TurnOff))>
                            {tv!(i18n, security.two_step.turn_off)}
                        </button>
                    })}
                </div>
            }
            .into_any(),
            None => view! {
                <div class="form-actions">
                    <button
                        type="button"
                        class="btn btn-primary"
                        disabled=move || start.pending().get()
                        aria-busy=move || if start.pending().get() { "true" } else { "false" }
                        on:click=move |_| { start.dispatch(()); }
                    >
                        {move || if start.pending().get() {
                            ts!(i18n, security.two_step.preparing)
                        } else {
                            ts!(i18n, security.two_step.set_up)
                        }}
                    </button>
                </div>
            }
            .into_any(),
        }
    };
    view! { class=class,
        {state}
        {actions}
    }
}

/// The password again (and a code, with 2-step verification on), before changing factors.
#[component]
fn Reauthenticate(with_code: bool, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let action = Action::new_local(move |request: &ReauthenticateRequest| {
        let request = request.clone();
        async move {
            let result = api::reauthenticate(&request).await;
            if result.is_ok() {
                on_done.run(());
            }
            result.map(drop)
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ReauthenticateRequest {
            password: password.get_untracked(),
            code: with_code.then(|| code.get_untracked().trim().to_owned()),
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit aria-labelledby="reauth-heading">
            <h3 id="reauth-heading">{tv!(i18n, security.reauth.title)}</h3>
            <p class="muted">
                {if with_code { tv!(i18n, security.reauth.intro_code) } else { tv!(i18n, security.reauth.intro) }}
            </p>
            <FormAlert error=action_error(action) />
            <PasswordField
                name="password"
                label=Signal::derive(move || ts!(i18n, core.fields.password).to_string())
                value=password
                error=field_error(action, "password")
                autocomplete="current-password"
            />
            {with_code.then(|| view! {
                <TextField
                    name="code"
                    label=Signal::derive(move || ts!(i18n, security.reauth.code).to_string())
                    value=code
                    error=field_error(action, "code")
                    autocomplete="one-time-code"
                    required=true
                />
            })}
            <div class="form-actions">
                <SubmitButton
                    busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, security.reauth.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.reauth.submitting).to_string())
                />
            </div>
        </form>
    }
}

/// The QR code and key of a new secret, and the code that turns it on.
#[component]
fn TotpSetupForm(
    setup: TotpSetup,
    on_enabled: Callback<Vec<String>>,
    on_cancel: Callback<()>,
    on_refused: Callback<ApiError>,
) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let action = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            let result = api::confirm_totp(code).await;
            match &result {
                Ok(codes) => on_enabled.run(codes.codes.clone()),
                Err(error @ ApiError::Server { code: ErrorCode::ReauthenticationRequired | ErrorCode::TwoStepState, .. }) => {
                    on_refused.run(error.clone())
                }
                Err(_) => {}
            }
            result.map(drop)
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(code.get_untracked().trim().to_owned());
    };
    let side = setup.qr_size.to_string();
    view! { class=class,
        <div class="setup">
            <svg
                class="qr"
                viewBox=format!("0 0 {side} {side}")
                role="img"
                aria-label=move || ts!(i18n, security.two_step.qr_label)
                shape-rendering="crispEdges"
            >
                <path d=setup.qr_path.clone() fill="#000" />
            </svg>
            <div>
                <p>{tv!(i18n, security.two_step.scan)}</p>
                <p>
                    {tv!(i18n, security.two_step.secret)} ": "
                    <code class="secret" data-testid="totp-secret">{setup.secret.clone()}</code>
                </p>
                <form class="form" novalidate on:submit=on_submit>
                    <FormAlert error=action_error(action) />
                    <TextField
                        name="code"
                        label=Signal::derive(move || ts!(i18n, security.two_step.code).to_string())
                        hint=Signal::derive(move || Some(ts!(i18n, security.two_step.code_hint).to_string()))
                        value=code
                        error=field_error(action, "code")
                        autocomplete="one-time-code"
                        required=true
                        maxlength=6usize
                    />
                    <div class="form-actions">
                        <SubmitButton
                            busy=action.pending()
                            label=Signal::derive(move || ts!(i18n, security.two_step.confirm).to_string())
                            busy_label=Signal::derive(move || ts!(i18n, security.two_step.confirming).to_string())
                        />
                        <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                            {tv!(i18n, core.common.cancel)}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// New recovery codes, shown once.
#[component]
fn RecoveryCodeList(codes: Vec<String>, on_done: Callback<()>) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let items = codes.into_iter().map(|c| view! { class=class, <li>{c}</li> }).collect_view();
    view! { class=class,
        <div role="region" aria-labelledby="codes-heading">
            <h3 id="codes-heading">{tv!(i18n, security.recovery.title)}</h3>
            <p>{tv!(i18n, security.recovery.intro)}</p>
            <ul class="codes" aria-label=move || ts!(i18n, security.recovery.list_label) data-testid="recovery-codes">
                {items}
            </ul>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" on:click=move |_| on_done.run(())>
                    {tv!(i18n, security.recovery.done)}
                </button>
            </div>
        </div>
    }
}

fn method_text(i18n: text::I18n, method: SignInMethod) -> String {
    match method {
        SignInMethod::Password => ts!(i18n, security.methods.password),
        SignInMethod::Totp => ts!(i18n, security.methods.totp),
        SignInMethod::RecoveryCode => ts!(i18n, security.methods.recovery_code),
        SignInMethod::RememberedBrowser => ts!(i18n, security.methods.remembered_browser),
        SignInMethod::TextMessage => ts!(i18n, security.methods.text_message),
        SignInMethod::Passkey => ts!(i18n, security.methods.passkey),
        SignInMethod::LinkedAccount => ts!(i18n, security.methods.linked_account),
        SignInMethod::Unknown => ts!(i18n, security.methods.unknown),
    }
    .to_string()
}

fn browser_text(i18n: text::I18n, browser: &str) -> String {
    if browser.is_empty() {
        ts!(i18n, security.sessions.unknown_browser).to_string()
    } else {
        browser.to_owned()
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let sessions = LocalResource::new(move || {
        reload.track();
        api::list_sessions()
    });
    let end = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result = api::end_session(id).await;
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, security.sessions.ended).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            reload.bump();
            result
        }
    });
    let end_others = Action::new_local(move |_: &()| async move {
        let result = api::end_other_sessions().await;
        match &result {
            Ok(()) => toasts.success(move || ts!(i18n, security.sessions.others_ended).to_string()),
            Err(error) => toasts.error(error.clone()),
        }
        reload.bump();
        result
    });
    let retry = Callback::new(move |_| sessions.refetch());
    let columns = move || {
        vec![
            Column::new(tv!(i18n, security.sessions.browser)),
            Column::new(tv!(i18n, security.sessions.address)),
            Column::new(tv!(i18n, security.sessions.signed_in)),
            Column::new(tv!(i18n, security.sessions.last_seen)),
            Column::new(tv!(i18n, security.sessions.method)),
            Column::hidden(tv!(i18n, security.sessions.actions)),
        ]
    };
    let row = move |s: SessionInfo| {
        let tag = move || text::tag(i18n);
        let (created, seen) = (s.created_at.clone(), s.last_seen_at.clone());
        let browser = s.browser.clone();
        let label_browser = browser.clone();
        let ip = s.ip.clone();
        let id = s.id.clone();
        let method = s.method;
        view! { class=class,
            <tr>
                <td>
                    {move || browser_text(i18n, &browser)}
                    <span class="os">{s.os.clone()}</span>
                    {s.current.then(|| view! { <span class="badge badge-success">{tv!(i18n, security.sessions.this)}</span> })}
                </td>
                <td>{s.ip.clone()}</td>
                <td><time datetime=s.created_at.clone()>{move || intl::format_date_time(&tag(), &created)}</time></td>
                <td><time datetime=s.last_seen_at.clone()>{move || intl::format_date_time(&tag(), &seen)}</time></td>
                <td>{move || method_text(i18n, method)}</td>
                <td class="num">
                    {(!s.current).then(|| {
                        let id = id.clone();
                        let label_browser = label_browser.clone();
                        let ip = ip.clone();
                        view! {
                            <button
                                type="button"
                                class="btn btn-secondary btn-sm"
                                disabled=move || end.pending().get()
                                aria-label=move || ts!(i18n, security.sessions.sign_out_label,
                                    browser = browser_text(i18n, &label_browser), address = ip.clone()).to_string()
                                on:click=move |_| { end.dispatch(id.clone()); }
                            >
                                {tv!(i18n, security.sessions.sign_out)}
                            </button>
                        }
                    })}
                </td>
            </tr>
        }
    };
    let body = move || {
        sessions.get().map(|result| {
            result.map(|list| {
                let others = list.sessions.iter().filter(|s| !s.current).count();
                let rows = list.sessions.into_iter().map(row).collect_view();
                view! { class=class,
                    <DataTable columns=columns()>{rows}</DataTable>
                    <div class="more">
                        {if others == 0 {
                            view! { <p class="muted">{tv!(i18n, security.sessions.none_other)}</p> }.into_any()
                        } else {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-secondary"
                                    disabled=move || end_others.pending().get()
                                    on:click=move |_| { end_others.dispatch(()); }
                                >
                                    {tv!(i18n, security.sessions.sign_out_others)}
                                </button>
                            }
                            .into_any()
                        }}
                    </div>
                }
            })
        })
    };
    view! { class=class,
        <section class="card card-flush" aria-labelledby="sessions-heading">
            <div class="more">
                <h2 id="sessions-heading" class="card-title">{tv!(i18n, security.sessions.title)}</h2>
                <p class="muted">{tv!(i18n, security.sessions.intro)}</p>
            </div>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

fn kind_text(i18n: text::I18n, kind: SecurityEventKind) -> String {
    use SecurityEventKind as K;
    match kind {
        K::SignIn => ts!(i18n, security.history.kinds.sign_in),
        K::SignInFailed => ts!(i18n, security.history.kinds.sign_in_failed),
        K::SignInThrottled => ts!(i18n, security.history.kinds.sign_in_throttled),
        K::Locked => ts!(i18n, security.history.kinds.locked),
        K::PasswordReset => ts!(i18n, security.history.kinds.password_reset),
        K::PasswordChanged => ts!(i18n, security.history.kinds.password_changed),
        K::PasswordChangeFailed => ts!(i18n, security.history.kinds.password_change_failed),
        K::SignedOutEverywhere => ts!(i18n, security.history.kinds.signed_out_everywhere),
        K::SecondFactorFailed => ts!(i18n, security.history.kinds.second_factor_failed),
        K::TwoStepEnabled => ts!(i18n, security.history.kinds.two_step_enabled),
        K::TwoStepDisabled => ts!(i18n, security.history.kinds.two_step_disabled),
        K::RecoveryCodesGenerated => ts!(i18n, security.history.kinds.recovery_codes_generated),
        K::SessionEnded => ts!(i18n, security.history.kinds.session_ended),
        K::SignedOutOthers => ts!(i18n, security.history.kinds.signed_out_others),
        K::EmailChangeRequested => ts!(i18n, security.history.kinds.email_change_requested),
        K::EmailChanged => ts!(i18n, security.history.kinds.email_changed),
        K::EmailChangeUndone => ts!(i18n, security.history.kinds.email_change_undone),
        K::UsernameChanged => ts!(i18n, security.history.kinds.username_changed),
        K::PhoneAdded => ts!(i18n, security.history.kinds.phone_added),
        K::PhoneRemoved => ts!(i18n, security.history.kinds.phone_removed),
        K::PasskeyAdded => ts!(i18n, security.history.kinds.passkey_added),
        K::PasskeyRemoved => ts!(i18n, security.history.kinds.passkey_removed),
        K::AccountLinked => ts!(i18n, security.history.kinds.account_linked),
        K::AccountUnlinked => ts!(i18n, security.history.kinds.account_unlinked),
        K::Unknown => ts!(i18n, security.history.kinds.unknown),
    }
    .to_string()
}

/// The security log of the last 90 days, newest first, a page at a time.
#[component]
fn History() -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let reload = expect_context::<Reload>();
    let first = LocalResource::new(move || {
        reload.track();
        api::my_security_events(None)
    });
    // Older pages asked for with "Show older", appended below the first.
    let older = RwSignal::new(Vec::<SecurityEvent>::new());
    let cursor = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(page)) = first.get() {
            older.set(Vec::new());
            cursor.set(page.next_cursor.clone());
        }
    });
    let more = Action::new_local(move |c: &String| {
        let c = c.clone();
        async move {
            let result = api::my_security_events(Some(c)).await;
            if let Ok(page) = &result {
                older.update(|o| o.extend(page.events.iter().cloned()));
                cursor.set(page.next_cursor.clone());
            }
            result.map(drop)
        }
    });
    let retry = Callback::new(move |_| first.refetch());
    let row = move |e: SecurityEvent| {
        let at = e.created_at.clone();
        let what = move || match e.method {
            Some(m) if e.kind == SecurityEventKind::SignIn => format!("{} · {}", kind_text(i18n, e.kind), method_text(i18n, m)),
            _ => kind_text(i18n, e.kind),
        };
        let browser = match (e.browser.is_empty(), e.os.is_empty()) {
            (false, false) => format!("{}, {}", e.browser, e.os),
            _ => format!("{}{}", e.browser, e.os),
        };
        view! {
            <tr>
                <td><time datetime=e.created_at.clone()>{move || intl::format_date_time(&text::tag(i18n), &at)}</time></td>
                <td>{what}</td>
                <td>{e.ip.clone()}</td>
                <td>{browser}</td>
            </tr>
        }
    };
    let columns = move || {
        vec![
            Column::new(tv!(i18n, security.history.when)),
            Column::new(tv!(i18n, security.history.what)),
            Column::new(tv!(i18n, security.history.address)),
            Column::new(tv!(i18n, security.history.browser)),
        ]
    };
    let body = move || {
        first.get().map(|result| {
            result.map(|page| {
                if page.events.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, security.history.empty)}</p> }.into_any();
                }
                let rows = page.events.into_iter().map(row).collect_view();
                let older_rows = move || older.get().into_iter().map(row).collect_view();
                view! { class=class,
                    <DataTable columns=columns()>{rows}{older_rows}</DataTable>
                    {move || cursor.get().map(|c| view! { class=class,
                        <div class="more">
                            <button
                                type="button"
                                class="btn btn-secondary"
                                disabled=move || more.pending().get()
                                on:click=move |_| { more.dispatch(c.clone()); }
                            >
                                {tv!(i18n, security.history.more)}
                            </button>
                        </div>
                    })}
                }
                .into_any()
            })
        })
    };
    view! { class=class,
        <section class="card card-flush" aria-labelledby="history-heading">
            <div class="more">
                <h2 id="history-heading" class="card-title">{tv!(i18n, security.history.title)}</h2>
                <p class="muted">{tv!(i18n, security.history.intro)}</p>
            </div>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

#[component]
fn YourData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading" class="card-title">{tv!(i18n, security.data.title)}</h2>
            <p class="muted">{tv!(i18n, security.data.intro)}</p>
            <div class="form-actions">
                <a class="btn btn-secondary" href=api::my_data_href() download="">{tv!(i18n, security.data.download)}</a>
            </div>
        </section>
    }
}

/// Deleting the account: a fresh sign-in, then the address typed again.
#[component]
fn DeleteAccount() -> impl IntoView {
    let i18n = use_i18n();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let open = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let action = use_session().delete_account_action();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate(&AppRoute::SignIn { next: None }.href(), Default::default());
        }
    });
    let primary_admin = move || {
        matches!(action.value().get(), Some(Err(ApiError::Server { code: ErrorCode::PrimaryAdminRequired, .. })))
    };
    let error = Signal::derive(move || action_error(action).get().filter(|_| !primary_admin()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(email.get_untracked().trim().to_owned());
    };
    let form = move || {
        if !open.get() {
            return view! {
                <div class="form-actions">
                    <button type="button" class="btn btn-danger" on:click=move |_| open.set(true)>
                        {tv!(i18n, security.delete.start)}
                    </button>
                </div>
            }
            .into_any();
        }
        match overview.get() {
            Some(Ok(o)) if o.fresh_until.is_none() => view! {
                <Reauthenticate with_code=o.totp_enabled on_done=Callback::new(move |_| overview.refetch()) />
            }
            .into_any(),
            _ => view! {
                <form class="form" novalidate on:submit=on_submit>
                    <FormAlert error=error />
                    {move || primary_admin().then(|| view! {
                        <div class="alert alert-info" role="alert">
                            <p>{tv!(i18n, security.delete.primary_admin)}</p>
                            <p><A href=AppRoute::Accounts.href()>{tv!(i18n, security.delete.to_accounts)}</A></p>
                        </div>
                    })}
                    <TextField
                        name="email"
                        input_type="email"
                        label=Signal::derive(move || ts!(i18n, security.delete.email).to_string())
                        value=email
                        error=field_error(action, "email")
                        autocomplete="off"
                        required=true
                    />
                    <div class="form-actions">
                        <button
                            type="submit"
                            class="btn btn-danger"
                            disabled=move || action.pending().get()
                            aria-busy=move || if action.pending().get() { "true" } else { "false" }
                        >
                            {move || if action.pending().get() {
                                ts!(i18n, security.delete.deleting)
                            } else {
                                ts!(i18n, security.delete.confirm)
                            }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>
                            {tv!(i18n, security.delete.cancel)}
                        </button>
                    </div>
                </form>
            }
            .into_any(),
        }
    };
    view! {
        <section class="card" aria-labelledby="delete-heading">
            <h2 id="delete-heading" class="card-title">{tv!(i18n, security.delete.title)}</h2>
            <p class="muted">{tv!(i18n, security.delete.intro)}</p>
            {form}
        </section>
    }
}

/// The email address (changed through a link to the new one) and the username.
#[component]
fn Identity() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let session = use_session();
    let user = crate::components::guard::use_user();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let change = Action::new_local(move |request: &seatwise_api::ChangeEmailRequest| {
        let request = request.clone();
        async move {
            let result = api::change_email(&request).await;
            if result.is_ok() {
                new_email.set(String::new());
                password.set(String::new());
                overview.refetch();
            }
            result
        }
    });
    let on_change = move |ev: SubmitEvent| {
        ev.prevent_default();
        change.dispatch(seatwise_api::ChangeEmailRequest {
            new_email: new_email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };
    let username = RwSignal::new(user.with_untracked(|me| me.as_ref().and_then(|me| me.username.clone())).unwrap_or_default());
    let save = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            let result = api::set_username(name).await;
            if let Ok(me) = &result {
                username.set(me.username.clone().unwrap_or_default());
                toasts.success(move || ts!(i18n, security.identity.username_saved).to_string());
                session.me.refetch();
            }
            result.map(drop)
        }
    });
    let on_save = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.dispatch(username.get_untracked().trim().to_owned());
    };
    let current = move || user.get().map(|me| me.email).unwrap_or_default();
    let pending = move || match overview.get() {
        Some(Ok(o)) => o.pending_email,
        _ => None,
    };
    view! {
        <section class="card" aria-labelledby="identity-heading">
            <h2 id="identity-heading" class="card-title">{tv!(i18n, security.identity.title)}</h2>
            <form class="form" novalidate on:submit=on_change aria-label=move || ts!(i18n, security.identity.change_email)>
                <p>
                    {tv!(i18n, security.identity.email)} ": " <strong>{current}</strong>
                </p>
                {move || pending().map(|email| view! {
                    <div class="alert alert-info" role="status">
                        <p>{move || ts!(i18n, security.identity.pending, email = email.clone()).to_string()}</p>
                    </div>
                })}
                <FormAlert error=action_error(change) />
                <TextField
                    name="new_email"
                    input_type="email"
                    label=Signal::derive(move || ts!(i18n, security.identity.new_email).to_string())
                    value=new_email
                    error=field_error(change, "new_email")
                    autocomplete="email"
                    required=true
                />
                <PasswordField
                    name="current_password"
                    label=Signal::derive(move || ts!(i18n, core.fields.current_password).to_string())
                    value=password
                    error=field_error(change, "password")
                    autocomplete="current-password"
                />
                <div class="form-actions">
                    <SubmitButton
                        busy=change.pending()
                        label=Signal::derive(move || ts!(i18n, security.identity.change_email).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, security.identity.changing).to_string())
                    />
                </div>
            </form>
            <form class="form" novalidate on:submit=on_save aria-label=move || ts!(i18n, security.identity.username)>
                <FormAlert error=action_error(save) />
                <TextField
                    name="username"
                    label=Signal::derive(move || ts!(i18n, security.identity.username).to_string())
                    hint=Signal::derive(move || Some(ts!(i18n, security.identity.username_hint).to_string()))
                    value=username
                    error=field_error(save, "username")
                    autocomplete="username"
                    maxlength=32usize
                />
                <div class="form-actions">
                    <SubmitButton
                        busy=save.pending()
                        label=Signal::derive(move || ts!(i18n, security.identity.save_username).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, security.identity.saving).to_string())
                    />
                </div>
            </form>
        </section>
    }
}
