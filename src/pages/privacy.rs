//! `/privacy`: the privacy statement a sign-up consents to, with its version from the server.

use leptos::prelude::*;

use crate::app::use_session;
use crate::i18n::*;
use crate::text::{self, use_page_title};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || t_string!(i18n, privacy.title).to_string());
    let version = move || match session.config.get() {
        Some(Ok(config)) => Some(text::fill(
            t_string!(i18n, privacy.version),
            &[("version", config.privacy_statement_version)],
        )),
        _ => None,
    };
    view! {
        <div class="container page page-medium">
            <header class="page-header">
                <h1>{t!(i18n, privacy.title)}</h1>
                <p class="muted" data-testid="privacy-version">{version}</p>
            </header>
            <article class="card prose">
                <p>{t!(i18n, privacy.intro)}</p>
                <h2>{t!(i18n, privacy.controller_title)}</h2>
                <p>{t!(i18n, privacy.controller_text)}</p>
                <h2>{t!(i18n, privacy.data_title)}</h2>
                <ul>
                    <li>{t!(i18n, privacy.data_account)}</li>
                    <li>{t!(i18n, privacy.data_memberships)}</li>
                    <li>{t!(i18n, privacy.data_sessions)}</li>
                    <li>{t!(i18n, privacy.data_activity)}</li>
                    <li>{t!(i18n, privacy.data_mail)}</li>
                </ul>
                <h2>{t!(i18n, privacy.purpose_title)}</h2>
                <p>{t!(i18n, privacy.purpose_text)}</p>
                <h2>{t!(i18n, privacy.cookies_title)}</h2>
                <p>{t!(i18n, privacy.cookies_text)}</p>
                <h2>{t!(i18n, privacy.retention_title)}</h2>
                <p>{t!(i18n, privacy.retention_text)}</p>
                <h2>{t!(i18n, privacy.sharing_title)}</h2>
                <p>{t!(i18n, privacy.sharing_text)}</p>
                <h2>{t!(i18n, privacy.rights_title)}</h2>
                <p>{t!(i18n, privacy.rights_text)}</p>
                <h2>{t!(i18n, privacy.contact_title)}</h2>
                <p>{t!(i18n, privacy.contact_text)}</p>
            </article>
        </div>
    }
}
