//! The routes outside an account and the back office (this area's chunk): the person's own
//! pages, the mailbox, the privacy notice, an invitation and the links mailed for email
//! addresses and passwords; anything else is not found. The app's router sends every path it
//! does not know itself here, so the first download carries none of these routes.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes},
    Lazy, ParamSegment, StaticSegment,
};

use crate::components::lazy::Page;
use crate::pages::{
    auth::{ForgotPassword, ResetPassword, VerifyEmail},
    invitation::seatwise_invitation as invitation,
    mailbox::seatwise_mailbox as mailbox,
    me::seatwise_me as me,
    not_found::not_found_in,
    privacy::seatwise_privacy as privacy,
    security::seatwise_security as security,
};
use crate::routes::{paths, TopRoute};

crate::area_pages! { seatwise_personal, [crate::texts::Ns::Personal];
    Area(personal_view) => PersonalRoutes,
}

#[component]
fn PersonalRoutes() -> impl IntoView {
    view! {
        <Routes fallback=not_found_in(TopRoute::Other)>
            <Route path=StaticSegment(paths::VERIFY_EMAIL) view=VerifyEmail />
            <Route path=StaticSegment(paths::FORGOT_PASSWORD) view=ForgotPassword />
            <Route path=StaticSegment(paths::RESET_PASSWORD) view=ResetPassword />
            <Route path=StaticSegment(paths::PROFILE) view={Lazy::<Page<me::Profile>>::new()} />
            <Route path=StaticSegment(paths::PREFERENCES) view={Lazy::<Page<me::Preferences>>::new()} />
            <Route path=StaticSegment(paths::SECURITY) view={Lazy::<Page<security::Security>>::new()} />
            <Route path=StaticSegment(paths::TWO_STEP) view={Lazy::<Page<security::SecondStep>>::new()} />
            <Route path=StaticSegment(paths::SIGN_IN_PASSKEY) view={Lazy::<Page<crate::pages::passkeys::SignIn>>::new()} />
            <Route path=StaticSegment(paths::CONFIRM_EMAIL_CHANGE) view={Lazy::<Page<security::ConfirmEmailChange>>::new()} />
            <Route path=StaticSegment(paths::UNDO_EMAIL_CHANGE) view={Lazy::<Page<security::UndoEmailChange>>::new()} />
            <Route path=StaticSegment(paths::MAILBOX) view={Lazy::<Page<mailbox::Mailbox>>::new()} />
            <Route
                path=(StaticSegment(paths::MAILBOX), ParamSegment(paths::MESSAGE_ID))
                view={Lazy::<Page<mailbox::Message>>::new()}
            />
            <Route path=StaticSegment(paths::TEXTS) view={Lazy::<Page<security::Texts>>::new()} />
            <Route path=StaticSegment(paths::DEVICE) view={Lazy::<Page<me::DeviceSignIn>>::new()} />
            <Route path=StaticSegment(paths::PRIVACY) view={Lazy::<Page<privacy::Privacy>>::new()} />
            <Route path=StaticSegment(paths::INVITATION) view={Lazy::<Page<invitation::Invitation>>::new()} />
        </Routes>
    }
}
