use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{
    ChangePasswordRequest, ErrorCode, Me, UpdateMeRequest, TEXT_MAX_CHARS,
};
use stylers::style_sheet;

use crate::api::{self, ApiError};
use crate::session::{use_session, Notice};
use crate::components::form::{
    action_error, field_error, CountrySelect, FormAlert, PasswordField, PersonNameFields, SubmitButton,
    TextField,
};
use crate::components::guard::{use_user, RequireUser};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, use_page_title};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.profile.title).to_string());
    view! {
        <RequireUser>
            <Profile />
        </RequireUser>
    }
}

/// The scoped class of the profile styles.
pub(super) fn profile_class() -> &'static str {
    let class = style_sheet!("src/pages/profile/profile.css");
    class
}

#[component]
fn Profile() -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    view! { class=class,
        <div class="container page">
            <header class="page-header">
                <h1>{tv!(i18n, personal.profile.title)}</h1>
                <p class="muted">{tv!(i18n, personal.profile.intro)}</p>
            </header>
            <div class="profile-grid">
                <div class="profile-side">
                    <AccountCard />
                </div>
                <div class="profile-main">
                    <DetailsForm />
                    <PasswordForm />
                </div>
            </div>
            <super::devices::Devices />
        </div>
    }
}

/// Account ID, email, confirmation state and member-since date.
#[component]
fn AccountCard() -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    let user = use_user();
    let field =
        move |f: fn(&Me) -> String| move || user.with(|u| u.as_ref().map(f).unwrap_or_default());
    let verified = move || user.with(|u| u.as_ref().is_some_and(|me| me.email_verified));
    let member_since = move || {
        let tag = text::tag(i18n);
        user.with(|u| {
            u.as_ref()
                .map(|me| intl::format_date(tag, &me.created_at))
                .unwrap_or_default()
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading" class="card-title">{tv!(i18n, personal.profile.account)}</h2>
            <dl class="facts">
                <div class="fact">
                    <dt>{tv!(i18n, core.profile.account_id)}</dt>
                    <dd class="mono" data-testid="account-id">{field(|me| me.account_id.clone())}</dd>
                </div>
                <div class="fact">
                    <dt>{tv!(i18n, personal.profile.email)}</dt>
                    <dd class="break">{field(|me| me.email.clone())}</dd>
                </div>
                <div class="fact">
                    <dt>{tv!(i18n, personal.profile.status)}</dt>
                    <dd>
                        <span class="badge" class:badge-success=verified class:badge-warning=move || !verified()>
                            {move || if verified() {
                                ts!(i18n, personal.profile.verified)
                            } else {
                                ts!(i18n, core.profile.unverified)
                            }}
                        </span>
                    </dd>
                </div>
                <div class="fact">
                    <dt>{tv!(i18n, personal.profile.member_since)}</dt>
                    <dd>{member_since}</dd>
                </div>
            </dl>
        </section>
    }
}

/// The editable fields, each bound to its own signal; saving sends only what changed.
#[derive(Clone, Copy)]
struct Details {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    company: RwSignal<String>,
    job_title: RwSignal<String>,
    phone: RwSignal<String>,
    street: RwSignal<String>,
    city: RwSignal<String>,
    postcode: RwSignal<String>,
    country: RwSignal<String>,
}

impl Details {
    fn new(me: Option<&Me>) -> Self {
        let of = |f: fn(&Me) -> &String| RwSignal::new(me.map(f).cloned().unwrap_or_default());
        Details {
            first_name: of(|m| &m.first_name),
            last_name: of(|m| &m.last_name),
            company: of(|m| &m.company),
            job_title: of(|m| &m.job_title),
            phone: of(|m| &m.phone),
            street: of(|m| &m.street),
            city: of(|m| &m.city),
            postcode: of(|m| &m.postcode),
            country: of(|m| &m.country),
        }
    }

    /// The fields that differ from the saved profile.
    fn changes(&self, me: &Me) -> UpdateMeRequest {
        let changed = |signal: RwSignal<String>, saved: &str| {
            let value = signal.get_untracked().trim().to_owned();
            (value != saved).then_some(value)
        };
        UpdateMeRequest {
            first_name: changed(self.first_name, &me.first_name),
            last_name: changed(self.last_name, &me.last_name),
            company: changed(self.company, &me.company),
            job_title: changed(self.job_title, &me.job_title),
            phone: changed(self.phone, &me.phone),
            street: changed(self.street, &me.street),
            city: changed(self.city, &me.city),
            postcode: changed(self.postcode, &me.postcode),
            country: changed(self.country, &me.country),
            ..Default::default()
        }
    }
}

#[component]
fn DetailsForm() -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let user = use_user();
    let action = session.update_me_action();
    let details = user.with_untracked(|me| Details::new(me.as_ref()));
    let busy = action.pending();
    let own_error = action_error(action);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(me) = user.get_untracked() else {
            return;
        };
        let changes = details.changes(&me);
        if changes == UpdateMeRequest::default() {
            toasts.success(move || ts!(i18n, personal.profile.no_changes).to_string());
            return;
        }
        action.dispatch((changes, Notice::ProfileSaved));
    };
    let text_field = move |name: &'static str,
                           label: Signal<String>,
                           value: RwSignal<String>,
                           autocomplete: &'static str,
                           required: bool,
                           max: usize| {
        view! {
            <TextField
                name=name
                label=label
                value=value
                error=field_error(action, name)
                autocomplete=autocomplete
                required=required
                maxlength=max
            />
        }
    };
    let label = move |key: fn(text::I18n) -> String| Signal::derive(move || key(i18n));
    view! { class=class,
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading" class="card-title">{tv!(i18n, personal.profile.personal)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=own_error />
                <PersonNameFields
                    first_name=details.first_name
                    last_name=details.last_name
                    first_error=field_error(action, "first_name")
                    last_error=field_error(action, "last_name")
                />
                <div class="form-row">
                    {text_field("company", label(|i| ts!(i, core.fields.company).to_string()), details.company, "organization", false, TEXT_MAX_CHARS)}
                    {text_field("job_title", label(|i| ts!(i, core.fields.job_title).to_string()), details.job_title, "organization-title", false, TEXT_MAX_CHARS)}
                </div>
                {text_field("phone", label(|i| ts!(i, core.fields.phone).to_string()), details.phone, "tel", false, TEXT_MAX_CHARS)}
                <h3 class="form-section">{tv!(i18n, personal.profile.address)}</h3>
                {text_field("street", label(|i| ts!(i, core.fields.street).to_string()), details.street, "street-address", false, TEXT_MAX_CHARS)}
                <div class="form-row">
                    {text_field("city", label(|i| ts!(i, core.fields.city).to_string()), details.city, "address-level2", false, TEXT_MAX_CHARS)}
                    {text_field("postcode", label(|i| ts!(i, core.fields.postcode).to_string()), details.postcode, "postal-code", false, TEXT_MAX_CHARS)}
                </div>
                <CountrySelect value=details.country error=field_error(action, "country") required=true />
                <div class="form-actions">
                    <SubmitButton
                        busy=busy
                        label=Signal::derive(move || ts!(i18n, personal.profile.save).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, core.profile.saving).to_string())
                    />
                </div>
            </form>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let action = Action::new_local(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            let result = api::change_password(&request).await;
            if result.is_ok() {
                current.set(String::new());
                new.set(String::new());
                toasts.success(move || ts!(i18n, personal.profile.password_changed).to_string());
            }
            result
        }
    });
    let busy = action.pending();
    let wrong_password = Signal::derive(move || {
        action.value().with(|v| {
            matches!(
                v,
                Some(Err(ApiError::Server {
                    code: ErrorCode::WrongPassword,
                    ..
                }))
            )
        })
    });
    let current_error = {
        let from_server = field_error(action, "current_password");
        Signal::derive(move || {
            from_server.get().or_else(|| {
                wrong_password
                    .get()
                    .then(|| ts!(i18n, core.errors.wrong_password).to_string())
            })
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    view! { class=class,
        <section class="card" aria-labelledby="security-heading">
            <h2 id="security-heading" class="card-title">{tv!(i18n, personal.profile.change_password)}</h2>
            <p class="muted">{tv!(i18n, personal.profile.change_password_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <PasswordField
                    name="current_password"
                    label=Signal::derive(move || ts!(i18n, core.fields.current_password).to_string())
                    value=current
                    error=current_error
                    autocomplete="current-password"
                />
                <PasswordField
                    name="new_password"
                    label=Signal::derive(move || ts!(i18n, core.fields.new_password).to_string())
                    value=new
                    error=field_error(action, "new_password")
                    autocomplete="new-password"
                    show_rules=true
                />
                <div class="form-actions">
                    <SubmitButton
                        busy=busy
                        label=Signal::derive(move || ts!(i18n, personal.profile.change_password_submit).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, personal.profile.change_password_submitting).to_string())
                    />
                </div>
            </form>
        </section>
    }
}
