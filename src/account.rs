//! The customer account whose pages are open: a context the account frame provides and every
//! page of an account reads.

use leptos::prelude::*;
use seatwise_api::AccountSummary;

use crate::i18n::*;

/// The account whose area is open (context, provided by [`AccountLayout`]).
#[derive(Clone, Copy)]
pub struct CurrentAccount {
    /// The account id from the URL.
    pub id: Memo<String>,
    /// The signed-in person's view of it (name, number, role).
    pub summary: Memo<Option<AccountSummary>>,
}

impl CurrentAccount {
    pub fn is_admin(&self) -> bool {
        self.summary
            .with(|s| s.as_ref().is_some_and(|s| s.role.is_admin()))
    }
    pub fn is_primary(&self) -> bool {
        self.summary.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.role == seatwise_api::MemberRole::PrimaryAdmin)
        })
    }
}

pub fn use_account() -> CurrentAccount {
    expect_context::<CurrentAccount>()
}

/// Shows admin-only views to admins; others get the "no permission" message.
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    move || {
        if account.is_admin() {
            children().into_any()
        } else {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>{tv!(i18n, core.errors.forbidden)}</p>
                </div>
            }
            .into_any()
        }
    }
}

