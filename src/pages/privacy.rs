//! `/privacy`: the privacy statement a sign-up consents to, with its version from the server.

use leptos::prelude::*;

use crate::session::use_session;
use crate::i18n::*;
use crate::text::use_page_title;

crate::area_pages! { seatwise_privacy, [crate::texts::Ns::Personal];
    Privacy(privacy_view) => PrivacyPage,
}

#[component]
fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || ts!(i18n, personal.privacy.title).to_string());
    let version = move || match session.config.get() {
        Some(Ok(config)) => Some(ts!(i18n, personal.privacy.version, version = config.privacy_statement_version)),
        _ => None,
    };
    view! {
        <div class="container page page-medium">
            <header class="page-header">
                <h1>{tv!(i18n, personal.privacy.title)}</h1>
                <p class="muted" data-testid="privacy-version">{version}</p>
            </header>
            <article class="card prose">
                <p>{tv!(i18n, personal.privacy.intro)}</p>
                <h2>{tv!(i18n, personal.privacy.controller_title)}</h2>
                <p>{tv!(i18n, personal.privacy.controller_text)}</p>
                <h2>{tv!(i18n, personal.privacy.data_title)}</h2>
                <ul>
                    <li>{tv!(i18n, personal.privacy.data_account)}</li>
                    <li>{tv!(i18n, personal.privacy.data_memberships)}</li>
                    <li>{tv!(i18n, personal.privacy.data_sessions)}</li>
                    <li>{tv!(i18n, personal.privacy.data_activity)}</li>
                    <li>{tv!(i18n, personal.privacy.data_mail)}</li>
                </ul>
                <h2>{tv!(i18n, personal.privacy.purpose_title)}</h2>
                <p>{tv!(i18n, personal.privacy.purpose_text)}</p>
                <h2>{tv!(i18n, personal.privacy.cookies_title)}</h2>
                <p>{tv!(i18n, personal.privacy.cookies_text)}</p>
                <h2>{tv!(i18n, personal.privacy.retention_title)}</h2>
                <p>{tv!(i18n, personal.privacy.retention_text)}</p>
                <h2>{tv!(i18n, personal.privacy.sharing_title)}</h2>
                <p>{tv!(i18n, personal.privacy.sharing_text)}</p>
                <h2>{tv!(i18n, personal.privacy.rights_title)}</h2>
                <p>{tv!(i18n, personal.privacy.rights_text)}</p>
                <h2>{tv!(i18n, personal.privacy.contact_title)}</h2>
                <p>{tv!(i18n, personal.privacy.contact_text)}</p>
            </article>
        </div>
    }
}
