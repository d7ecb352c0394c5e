//! Getting in: sign up, confirm the email address, sign in, forgotten and reset passwords.

mod forgot_password;
mod reset_password;
mod sign_in;
mod sign_up;
mod verify_email;

pub use forgot_password::ForgotPassword;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use verify_email::VerifyEmail;

use leptos::prelude::*;
use stylers::style_sheet;

use sign_up::SignUp as SignUpPage;

// Sign-up is a chunk of its own: most visits to the portal start at sign-in (people sign up
// once, or are invited), so the first download does not carry its form, the country list and
// the consent.
crate::area_pages! { seatwise_sign_up, [crate::texts::Ns::Personal];
    SignUp(sign_up_view) => SignUpPage,
}

/// The centred card all sign-in related pages share: the page's one `h1`, an intro, the content.
#[component]
pub(crate) fn AuthCard(
    /// The page heading.
    #[prop(into)]
    title: Signal<String>,
    /// A sentence under the heading.
    #[prop(optional, into)]
    intro: MaybeProp<String>,
    /// The form or message.
    children: Children,
) -> impl IntoView {
    let class = style_sheet!("src/pages/auth/auth.css");
    view! { class=class,
        <div class="auth">
            <div class="auth-card">
                <h1 class="auth-title">{move || title.get()}</h1>
                {move || intro.get().map(|intro| view! { class=class, <p class="auth-intro">{intro}</p> })}
                {children()}
            </div>
        </div>
    }
}
