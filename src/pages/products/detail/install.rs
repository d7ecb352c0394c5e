//! "Install now" on the Downloads tab: the `seatwise download` command for the version,
//! platform and language chosen, with a Copy button, and how to sign the client in.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::Platform;

use super::super::{area_class, CopyButton};
use crate::i18n::*;
use crate::routes::AppRoute;

/// A word as a POSIX shell reads it: bare when it is only safe characters, quoted otherwise.
fn shell_word(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._/:@+=,".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The download manager's command for one choice of the Downloads tab.
pub(super) fn download_command(code: &str, version: &str, platform: Platform, language: &str) -> String {
    format!(
        "seatwise download {} {} --platform {} --language {}",
        shell_word(code),
        shell_word(version),
        platform.as_str(),
        shell_word(language)
    )
}

/// The sign-in command for this portal's server.
fn login_command(origin: &str) -> String {
    format!("seatwise login --server {}", shell_word(origin))
}

/// The command for the current choice, a Copy button, and the one-time sign-in.
#[component]
pub(super) fn InstallNow(
    /// The product's code.
    code: String,
    /// The chosen version.
    #[prop(into)]
    version: Signal<String>,
    /// The chosen platform.
    #[prop(into)]
    platform: Signal<Platform>,
    /// The chosen language (`multi` for the all-languages files).
    #[prop(into)]
    language: Signal<String>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let command = Memo::new(move |_| download_command(&code, &version.get(), platform.get(), &language.get()));
    let origin = window().location().origin().unwrap_or_default();
    let login = login_command(&origin);
    let login_copy = login.clone();
    view! { class=class,
        <section class="method" aria-labelledby="install-now-title" data-testid="install-now">
            <h3 id="install-now-title" class="small-title">{tv!(i18n, software.products.install_now)}</h3>
            <p class="muted">{tv!(i18n, software.products.install_now_intro)}</p>
            <div class="field">
                <label class="field-label" for="install-command">{tv!(i18n, software.products.install_command_label)}</label>
                <div class="search-row">
                    <input id="install-command" class="input mono" type="text" readonly prop:value=move || command.get() />
                    <CopyButton
                        text=Signal::derive(move || command.get())
                        label=Signal::derive(move || ts!(i18n, software.products.copy_install_command).to_string())
                    />
                </div>
            </div>
            <p class="field-hint">{tv!(i18n, software.products.install_client_hint)}</p>
            <div class="field">
                <label class="field-label" for="login-command">{tv!(i18n, software.products.login_command_label)}</label>
                <div class="search-row">
                    <input id="login-command" class="input mono" type="text" readonly prop:value=login />
                    <CopyButton
                        text=Signal::derive(move || login_copy.clone())
                        label=Signal::derive(move || ts!(i18n, software.products.copy_login_command).to_string())
                    />
                </div>
            </div>
            <p>
                <A href=AppRoute::DeviceSignIn { code: None }.href()>{tv!(i18n, software.products.approve_sign_in)}</A>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_names_the_choice_and_quotes_what_a_shell_would_split() {
        assert_eq!(
            download_command("DRAFT", "2026", Platform::Macos, "zh-TW"),
            "seatwise download DRAFT 2026 --platform macos --language zh-TW"
        );
        assert_eq!(
            download_command("DRAFT", "2026 SP1", Platform::Windows, "multi"),
            "seatwise download DRAFT '2026 SP1' --platform windows --language multi"
        );
        assert_eq!(login_command("https://portal.example"), "seatwise login --server https://portal.example");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
