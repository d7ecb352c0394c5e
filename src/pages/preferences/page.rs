use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{NotificationSettings, UpdateMeRequest};
use stylers::style_sheet;

use crate::session::{use_session, Notice};
use crate::components::form::{action_error, CheckboxField, FormAlert, SubmitButton};
use crate::components::guard::{use_user, RequireUser};
use crate::i18n::*;
use crate::text::{self, use_page_title};

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.preferences.title).to_string());
    view! {
        <RequireUser>
            <Preferences />
        </RequireUser>
    }
}

fn preferences_class() -> &'static str {
    let class = style_sheet!("src/pages/preferences/preferences.css");
    class
}

#[component]
fn Preferences() -> impl IntoView {
    let class = preferences_class();
    let i18n = use_i18n();
    view! { class=class,
        <div class="container page page-medium">
            <header class="page-header">
                <h1>{tv!(i18n, personal.preferences.title)}</h1>
                <p class="muted">{tv!(i18n, personal.preferences.intro)}</p>
            </header>
            <div class="stack">
                <LanguageChoice />
                <NotificationsForm />
            </div>
        </div>
    }
}

/// The interface language as a radio group: choosing one switches and saves at once.
#[component]
fn LanguageChoice() -> impl IntoView {
    let class = preferences_class();
    let i18n = use_i18n();
    let session = use_session();
    let options = Locale::get_all()
        .iter()
        .map(|locale| {
            let locale = *locale;
            let id = format!("language-{}", locale.as_str());
            let for_id = id.clone();
            view! { class=class,
                <label class="choice" for=for_id>
                    <input
                        type="radio"
                        id=id
                        name="interface-language"
                        value=locale.as_str()
                        prop:checked=move || i18n.get_locale() == locale
                        on:change=move |_| session.choose_locale(i18n, locale, Notice::LanguageSaved)
                    />
                    <span lang=locale.as_str()>{move || text::language_name(i18n, locale)}</span>
                </label>
            }
        })
        .collect_view();
    view! { class=class,
        <section class="card" aria-labelledby="language-heading">
            <h2 id="language-heading" class="card-title">{tv!(i18n, personal.preferences.language)}</h2>
            <fieldset class="choices" aria-describedby="language-hint">
                <legend class="visually-hidden">{tv!(i18n, personal.preferences.language)}</legend>
                <p id="language-hint" class="muted">{tv!(i18n, personal.preferences.language_hint)}</p>
                <div class="choice-list">{options}</div>
            </fieldset>
        </section>
    }
}

#[component]
fn NotificationsForm() -> impl IntoView {
    let class = preferences_class();
    let i18n = use_i18n();
    let session = use_session();
    let user = use_user();
    let action = session.update_me_action();
    let saved = user.with_untracked(|me| {
        me.as_ref()
            .map(|me| me.notifications)
            .unwrap_or(NotificationSettings {
                product_updates: false,
                renewal_reminders: false,
                news: false,
            })
    });
    let product_updates = RwSignal::new(saved.product_updates);
    let renewal_reminders = RwSignal::new(saved.renewal_reminders);
    let news = RwSignal::new(saved.news);
    let busy = action.pending();
    let own_error = action_error(action);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let notifications = NotificationSettings {
            product_updates: product_updates.get_untracked(),
            renewal_reminders: renewal_reminders.get_untracked(),
            news: news.get_untracked(),
        };
        let request = UpdateMeRequest {
            notifications: Some(notifications),
            ..Default::default()
        };
        action.dispatch((request, Notice::PreferencesSaved));
    };
    let text = move |f: fn(text::I18n) -> String| Signal::derive(move || f(i18n));
    view! { class=class,
        <section class="card" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading" class="card-title">{tv!(i18n, personal.preferences.notifications)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=own_error />
                <CheckboxField
                    name="product_updates"
                    label=text(|i| ts!(i, personal.preferences.product_updates).to_string())
                    hint=text(|i| ts!(i, personal.preferences.product_updates_hint).to_string())
                    checked=product_updates
                />
                <CheckboxField
                    name="renewal_reminders"
                    label=text(|i| ts!(i, personal.preferences.renewal_reminders).to_string())
                    hint=text(|i| ts!(i, personal.preferences.renewal_reminders_hint).to_string())
                    checked=renewal_reminders
                />
                <CheckboxField
                    name="news"
                    label=text(|i| ts!(i, personal.preferences.news).to_string())
                    hint=text(|i| ts!(i, personal.preferences.news_hint).to_string())
                    checked=news
                />
                <div class="form-actions">
                    <SubmitButton
                        busy=busy
                        label=Signal::derive(move || ts!(i18n, personal.preferences.save).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, personal.preferences.saving).to_string())
                    />
                </div>
            </form>
        </section>
    }
}
