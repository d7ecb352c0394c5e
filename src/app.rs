//! The app root: providers (i18n, session, toasts) and the router.

use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    ParamSegment, StaticSegment, WildcardSegment,
};
use seatwise_api::{
    AcceptInvitationRequest, InvitationAccepted, Me, MyAccounts, PublicConfig, SignInRequest, SignUpRequest,
    UpdateMeRequest,
};

use crate::api::{self, ApiResult};
use crate::components::shell::Shell;
use crate::components::toast::Toasts;
use crate::i18n::*;
use crate::pages::{
    accounts, auth, invitation, mailbox, not_found::NotFound, preferences, privacy, products,
    profile, vendor,
    Home,
};
use crate::routes::paths;
use crate::text::I18n;

/// What a sign-up ended with.
#[derive(Debug, Clone, PartialEq)]
pub enum SignUpOutcome {
    /// The account was created and the same credentials signed in.
    SignedIn(Me),
    /// Accepted, but signing in did not work (for example the address already had an account):
    /// the person has to look at their email.
    CheckEmail,
}

/// Which confirmation a profile update shows when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Silent,
    ProfileSaved,
    PreferencesSaved,
    LanguageSaved,
}

/// The server's public settings and who is signed in, plus the actions that change that.
/// `me` reloads whenever one of the actions finishes, so every view derives from one source.
#[derive(Clone, Copy)]
pub struct Session {
    pub config: LocalResource<ApiResult<PublicConfig>>,
    pub me: LocalResource<ApiResult<Option<Me>>>,
    pub sign_in: Action<SignInRequest, ApiResult<Me>>,
    pub sign_up: Action<SignUpRequest, ApiResult<SignUpOutcome>>,
    pub sign_out: Action<(), ApiResult<()>>,
    pub update_me: Action<(UpdateMeRequest, Notice), ApiResult<Me>>,
    pub verify_email: Action<String, ApiResult<()>>,
    /// Accepting an invitation can sign a new person in.
    pub accept_invitation: Action<AcceptInvitationRequest, ApiResult<InvitationAccepted>>,
    /// The customer accounts of the signed-in user (`None` when nobody is signed in).
    pub accounts: LocalResource<ApiResult<Option<MyAccounts>>>,
}

impl Session {
    fn new(toasts: Toasts, i18n: I18n) -> Self {
        let sign_in = Action::new_local(|request: &SignInRequest| {
            let request = request.clone();
            async move { api::sign_in(&request).await }
        });
        let sign_up = Action::new_local(move |request: &SignUpRequest| {
            let request = request.clone();
            async move {
                api::sign_up(&request).await?;
                let credentials = SignInRequest {
                    login: request.email.clone(),
                    password: request.password.clone(),
                };
                Ok(match api::sign_in(&credentials).await {
                    Ok(me) => {
                        toasts.success(move || t_string!(i18n, sign_up.welcome).to_string());
                        SignUpOutcome::SignedIn(me)
                    }
                    Err(_) => SignUpOutcome::CheckEmail,
                })
            }
        });
        let sign_out = Action::new_local(move |_: &()| async move {
            let result = api::sign_out().await;
            match &result {
                Ok(()) => toasts.success(move || t_string!(i18n, user_menu.signed_out).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            result
        });
        let update_me = Action::new_local(move |(request, notice): &(UpdateMeRequest, Notice)| {
            let (request, notice) = (request.clone(), *notice);
            async move {
                let result = api::update_me(&request).await;
                match (&result, notice) {
                    (Ok(_), Notice::Silent) => {}
                    (Ok(_), Notice::ProfileSaved) => {
                        toasts.success(move || t_string!(i18n, profile.saved).to_string())
                    }
                    (Ok(_), Notice::PreferencesSaved) => {
                        toasts.success(move || t_string!(i18n, preferences.saved).to_string())
                    }
                    (Ok(_), Notice::LanguageSaved) => {
                        toasts.success(move || t_string!(i18n, language.saved).to_string())
                    }
                    // Field errors are shown next to their fields by the form.
                    (Err(error), _) if error.has_fields() && notice == Notice::ProfileSaved => {}
                    (Err(error), _) => toasts.error(error.clone()),
                }
                result
            }
        });
        let verify_email = Action::new_local(|token: &String| api::verify_email(token.clone()));
        let accept_invitation = Action::new_local(|request: &AcceptInvitationRequest| {
            let request = request.clone();
            async move { api::accept_invitation(&request).await }
        });

        let config = LocalResource::new(api::get_config);
        // Every finished action that can change who is signed in, or what we know about them.
        let versions = Memo::new(move |_| {
            [
                sign_in.version().get(),
                sign_up.version().get(),
                sign_out.version().get(),
                update_me.version().get(),
                verify_email.version().get(),
                accept_invitation.version().get(),
            ]
        });
        let me = LocalResource::new(move || {
            versions.track();
            api::get_me()
        });
        // Who is signed in, and nothing else: a profile edit does not reload the accounts.
        let user_id = Memo::new(move |_| match me.get() {
            Some(Ok(Some(me))) => Some(me.account_id),
            _ => None,
        });
        let accounts = LocalResource::new(move || {
            let user = user_id.get();
            // Joining an account (invitation accepted while signed in) adds one.
            accept_invitation.version().track();
            async move {
                match user {
                    Some(_) => api::list_my_accounts().await.map(Some),
                    None => Ok(None),
                }
            }
        });
        Session {
            config,
            me,
            sign_in,
            sign_up,
            sign_out,
            update_me,
            verify_email,
            accept_invitation,
            accounts,
        }
    }

    /// The signed-in user's accounts, once known.
    pub fn my_accounts(&self) -> Option<MyAccounts> {
        match self.accounts.get() {
            Some(Ok(Some(accounts))) => Some(accounts),
            _ => None,
        }
    }

    /// The signed-in user, once known.
    pub fn user(&self) -> Option<Me> {
        match self.me.get() {
            Some(Ok(Some(me))) => Some(me),
            _ => None,
        }
    }

    /// `Some(true)` signed in, `Some(false)` signed out, `None` while the first check runs or
    /// when the server could not be asked.
    pub fn signed_in(&self) -> Option<bool> {
        match self.me.get() {
            Some(Ok(user)) => Some(user.is_some()),
            _ => None,
        }
    }

    /// Switches the interface language at once and, when someone is signed in, saves it.
    pub fn choose_locale(&self, i18n: I18n, locale: Locale, notice: Notice) {
        i18n.set_locale(locale);
        if self.signed_in() == Some(true) {
            let request = UpdateMeRequest {
                locale: Some(locale.as_str().to_owned()),
                ..Default::default()
            };
            self.update_me.dispatch((request, notice));
        }
    }

    /// True when this server offers the demo mailbox.
    pub fn mailbox_enabled(&self) -> bool {
        matches!(self.config.get(), Some(Ok(config)) if config.mailbox)
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[component]
pub fn App() -> impl IntoView {
    // The language cookie is read by the server too, so it lives on the whole site for a year.
    let cookie_options = CookieOptions::<Locale>::default()
        .path("/")
        .max_age(365_i64 * 24 * 60 * 60 * 1000);
    view! {
        <I18nContextProvider cookie_options=cookie_options>
            <Providers />
        </I18nContextProvider>
    }
}

/// Everything below the i18n context: session, toasts, the saved language, the router.
#[component]
fn Providers() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = Toasts::new(i18n);
    provide_context(toasts);
    let session = Session::new(toasts, i18n);
    provide_context(session);

    // A signed-in user's saved language wins, once per account that signs in.
    let applied_for = StoredValue::new(None::<String>);
    Effect::new(move |_| match session.user() {
        Some(me) => {
            if applied_for.get_value().as_deref() != Some(me.account_id.as_str()) {
                applied_for.set_value(Some(me.account_id.clone()));
                if let Ok(locale) = me.locale.parse::<Locale>() {
                    if locale != i18n.get_locale_untracked() {
                        i18n.set_locale(locale);
                    }
                }
            }
        }
        None => applied_for.set_value(None),
    });

    view! {
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=StaticSegment("") view=Shell>
                    <Route path=StaticSegment("") view=Home />
                    <Route path=StaticSegment(paths::SIGN_IN) view=auth::SignIn />
                    <Route path=StaticSegment(paths::SIGN_UP) view=auth::SignUp />
                    <Route path=StaticSegment(paths::VERIFY_EMAIL) view=auth::VerifyEmail />
                    <Route path=StaticSegment(paths::FORGOT_PASSWORD) view=auth::ForgotPassword />
                    <Route path=StaticSegment(paths::RESET_PASSWORD) view=auth::ResetPassword />
                    <Route path=StaticSegment(paths::PROFILE) view=profile::ProfilePage />
                    <Route path=StaticSegment(paths::PREFERENCES) view=preferences::PreferencesPage />
                    <Route path=StaticSegment(paths::MAILBOX) view=mailbox::MailboxPage />
                    <Route
                        path=(StaticSegment(paths::MAILBOX), ParamSegment(paths::MESSAGE_ID))
                        view=mailbox::MessagePage
                    />
                    <Route path=StaticSegment(paths::PRIVACY) view=privacy::PrivacyPage />
                    <Route path=StaticSegment(paths::INVITATION) view=invitation::InvitationPage />
                    <Route path=StaticSegment(paths::ACCOUNTS) view=accounts::AccountsPage />
                    <ParentRoute
                        path=(StaticSegment(paths::ACCOUNTS), ParamSegment(paths::ACCOUNT_ID))
                        view=accounts::AccountLayout
                    >
                        <Route path=StaticSegment("") view=accounts::AccountHome />
                        <Route path=StaticSegment(paths::USERS) view=accounts::UsersPage />
                        <Route
                            path=(StaticSegment(paths::USERS), ParamSegment(paths::USER_ID))
                            view=accounts::MemberPage
                        />
                        <Route path=StaticSegment(paths::PRODUCTS) view=accounts::ProductsPage />
                        <Route
                            path=(StaticSegment(paths::PRODUCTS), ParamSegment(paths::SUBSCRIPTION_ID))
                            view=accounts::SubscriptionPage
                        />
                        <Route path=StaticSegment(paths::TEAMS) view=accounts::TeamsPage />
                        <Route path=StaticSegment(paths::INVITATIONS) view=accounts::InvitationsPage />
                        <Route path=StaticSegment(paths::IMPORT) view=accounts::ImportPage />
                        <Route path=StaticSegment(paths::ACTIVITY) view=accounts::ActivityPage />
                        <Route path=StaticSegment(paths::SOFTWARE) view=products::SoftwarePage />
                        <Route
                            path=(StaticSegment(paths::SOFTWARE), ParamSegment(paths::PRODUCT_CODE))
                            view=products::ProductDetailPage
                        />
                        <Route
                            path=(StaticSegment(paths::SOFTWARE), ParamSegment(paths::PRODUCT_CODE), StaticSegment(paths::REQUEST), ParamSegment(paths::REQUEST_KIND))
                            view=products::LicenceRequestPage
                        />
                        <Route path=StaticSegment(paths::REQUESTS) view=products::RequestsPage />
                        <Route path=StaticSegment(paths::TRIALS) view=products::TrialsPage />
                        <Route path=StaticSegment(paths::PACKAGES) view=products::PackagesPage />
                        <Route
                            path=(StaticSegment(paths::PACKAGES), ParamSegment(paths::PACKAGE_ID))
                            view=products::PackagePage
                        />
                    </ParentRoute>
                    <Route
                        path=(StaticSegment(paths::VENDOR), StaticSegment(paths::ACCOUNTS))
                        view=vendor::VendorAccountsPage
                    />
                    <Route
                        path=(StaticSegment(paths::VENDOR), StaticSegment(paths::ACCOUNTS), ParamSegment(paths::VENDOR_ACCOUNT_ID))
                        view=vendor::VendorAccountPage
                    />
                    <Route
                        path=(StaticSegment(paths::VENDOR), StaticSegment(paths::PRODUCTS))
                        view=vendor::CataloguePage
                    />
                    <Route
                        path=(StaticSegment(paths::VENDOR), StaticSegment(paths::PRODUCTS), ParamSegment(paths::VENDOR_PRODUCT_ID))
                        view=vendor::VendorProductPage
                    />
                    <Route
                        path=(StaticSegment(paths::VENDOR), StaticSegment(paths::REQUESTS))
                        view=vendor::RequestQueuePage
                    />
                    <Route path=WildcardSegment("rest") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
