//! Who is signed in, and the actions that change it: one `Session` context, provided by
//! `app::App`, that every view derives from.

use leptos::prelude::*;
use seatwise_api::{
    AcceptInvitationRequest, InvitationAccepted, Me, MyAccounts, PublicConfig, SignInRequest, SignUpRequest,
    UpdateMeRequest,
};

use crate::api::{self, ApiResult};
use crate::components::toast::Toasts;
use crate::i18n::*;
use crate::text::I18n;
use crate::texts;

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

/// The server's public settings and who is signed in. `me` is asked again whenever an action
/// that can change it finishes, so every view derives from one source.
///
/// Only signing in is an action of the session itself (the sign-in page is in the first
/// download). The other actions that change who is signed in are made by the pages that offer
/// them (`Session::sign_up_action` and the others below), so their code, and the code for their
/// requests and answers, lives in those pages' chunks; each tells the session when it finishes.
#[derive(Clone, Copy)]
pub struct Session {
    pub config: LocalResource<ApiResult<PublicConfig>>,
    pub me: LocalResource<ApiResult<Option<Me>>>,
    pub sign_in: Action<SignInRequest, ApiResult<()>>,
    /// The customer accounts of the signed-in user (`None` when nobody is signed in).
    pub accounts: LocalResource<ApiResult<Option<MyAccounts>>>,
    /// Counts finished actions that can change who is signed in or what we know of them.
    changes: RwSignal<u32>,
    /// Counts finished acceptances of an invitation (each can add an account).
    joins: RwSignal<u32>,
    toasts: Toasts,
    i18n: I18n,
}

impl Session {
    pub fn new(toasts: Toasts, i18n: I18n) -> Self {
        let changes = RwSignal::new(0u32);
        let joins = RwSignal::new(0u32);
        let sign_in = Action::new_local(|request: &SignInRequest| {
            let request = request.clone();
            async move { api::sign_in(&request).await.map(|_| ()) }
        });
        let config = LocalResource::new(api::get_config);
        let me = LocalResource::new(move || {
            sign_in.version().track();
            changes.track();
            api::get_me()
        });
        // Who is signed in (`None` until the first answer): a profile edit does not change it.
        let who = Memo::new(move |_| match me.get() {
            Some(Ok(me)) => Some(me.map(|me| me.account_id)),
            _ => None,
        });
        // Counts the changes of who is signed in after the first answer: the accounts are asked
        // for at once, beside `me` (a 401 is nobody), and again only when someone else is in.
        let who_changes = Memo::new(move |before: Option<&(Option<Option<String>>, u32)>| {
            let now = who.get();
            match before {
                Some((Some(known), n)) if now.as_ref().is_some_and(|now| now != known) => (now, n + 1),
                Some((Some(known), n)) => (Some(known.clone()), *n),
                _ => (now, 0),
            }
        });
        let generation = Memo::new(move |_| who_changes.with(|(_, n)| *n));
        let accounts = LocalResource::new(move || {
            generation.track();
            // Joining an account (invitation accepted while signed in) adds one.
            joins.track();
            api::list_my_accounts_if_signed_in()
        });
        Session { config, me, sign_in, accounts, changes, joins, toasts, i18n }
    }

    /// After an action that can change who is signed in, or what we know of them: `me` is asked
    /// again.
    fn changed(self) {
        self.changes.update(|n| *n += 1);
    }

    /// Signing up, then in with the same credentials (the sign-up page's action).
    pub fn sign_up_action(self) -> Action<SignUpRequest, ApiResult<SignUpOutcome>> {
        let (toasts, i18n) = (self.toasts, self.i18n);
        Action::new_local(move |request: &SignUpRequest| {
            let request = request.clone();
            async move {
                let result = async {
                    api::sign_up(&request).await?;
                    let credentials = SignInRequest { login: request.email.clone(), password: request.password.clone() };
                    Ok(match api::sign_in(&credentials).await {
                        Ok(me) => {
                            toasts.success(move || ts!(i18n, personal.sign_up.welcome).to_string());
                            SignUpOutcome::SignedIn(me)
                        }
                        Err(_) => SignUpOutcome::CheckEmail,
                    })
                }
                .await;
                self.changed();
                result
            }
        })
    }

    /// Signing out (the user menu's action, and the invitation page's for someone else).
    pub fn sign_out_action(self) -> Action<(), ApiResult<()>> {
        let (toasts, i18n) = (self.toasts, self.i18n);
        Action::new_local(move |_: &()| async move {
            let result = api::sign_out().await;
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, core.user_menu.signed_out).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            self.changed();
            result
        })
    }

    /// Saving the signed-in person's profile or preferences; `Notice` says which confirmation
    /// a success shows.
    pub fn update_me_action(self) -> Action<(UpdateMeRequest, Notice), ApiResult<Me>> {
        Action::new_local(move |(request, notice): &(UpdateMeRequest, Notice)| {
            let (request, notice) = (request.clone(), *notice);
            self.update_me(request, notice)
        })
    }

    async fn update_me(self, request: UpdateMeRequest, notice: Notice) -> ApiResult<Me> {
        let (toasts, i18n) = (self.toasts, self.i18n);
        let result = api::update_me(&request).await;
        match (&result, notice) {
            (Ok(_), Notice::Silent) => {}
            (Ok(_), Notice::ProfileSaved) => toasts.success(move || ts!(i18n, personal.profile.saved).to_string()),
            (Ok(_), Notice::PreferencesSaved) => {
                toasts.success(move || ts!(i18n, personal.preferences.saved).to_string())
            }
            (Ok(_), Notice::LanguageSaved) => toasts.success(move || ts!(i18n, core.language.saved).to_string()),
            // Field errors are shown next to their fields by the form.
            (Err(error), _) if error.has_fields() && notice == Notice::ProfileSaved => {}
            (Err(error), _) => toasts.error(error.clone()),
        }
        self.changed();
        result
    }

    /// Confirming the email address from a mailed link.
    pub fn verify_email_action(self) -> Action<String, ApiResult<()>> {
        Action::new_local(move |token: &String| {
            let token = token.clone();
            async move {
                let result = api::verify_email(token).await;
                self.changed();
                result
            }
        })
    }

    /// Signed in by a way the session did not run itself (a passkey): ask who it is.
    pub fn signed_in_elsewhere(self) {
        self.changed();
    }

    /// The second step of a sign-in (the two-step page's action): a code, then signed in.
    pub fn second_step_action(self) -> Action<seatwise_api::SecondFactorRequest, ApiResult<()>> {
        Action::new_local(move |request: &seatwise_api::SecondFactorRequest| {
            let request = request.clone();
            async move {
                let result = api::second_factor(&request).await.map(drop);
                if result.is_ok() {
                    self.changed();
                }
                result
            }
        })
    }

    /// Deleting the signed-in person's account (the security page's action): signed out after.
    pub fn delete_account_action(self) -> Action<String, ApiResult<()>> {
        let (toasts, i18n) = (self.toasts, self.i18n);
        Action::new_local(move |email: &String| {
            let email = email.clone();
            async move {
                let result = api::delete_account(email).await;
                if result.is_ok() {
                    toasts.success(move || ts!(i18n, security.delete.done).to_string());
                    self.changed();
                }
                result
            }
        })
    }

    /// Accepting an invitation: it can sign a new person in, and adds an account.
    pub fn accept_invitation_action(self) -> Action<AcceptInvitationRequest, ApiResult<InvitationAccepted>> {
        Action::new_local(move |request: &AcceptInvitationRequest| {
            let request = request.clone();
            async move {
                let result = api::accept_invitation(&request).await;
                self.joins.update(|n| *n += 1);
                self.changed();
                result
            }
        })
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

    /// Switches the interface language (as soon as its texts for the pages in use are here:
    /// at once the second time) and, when someone is signed in, saves it.
    pub fn choose_locale(&self, i18n: I18n, locale: Locale, notice: Notice) {
        let session = *self;
        leptos::task::spawn_local(async move {
            if texts::switch_locale(i18n, locale).await.is_err() {
                session.toasts.error(api::ApiError::Network);
                return;
            }
            if session.signed_in() == Some(true) {
                let request = UpdateMeRequest { locale: Some(locale.as_str().to_owned()), ..Default::default() };
                let _ = session.update_me(request, notice).await;
            }
        });
    }

    /// True when this server offers the demo mailbox.
    pub fn mailbox_enabled(&self) -> bool {
        matches!(self.config.get(), Some(Ok(config)) if config.mailbox)
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

