//! `/vendor/help-links`: the help links everyone's home page shows, per language (vendor staff):
//! the list grouped by language, a form to add or change one, and deletion after a confirmation.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{HelpLink, SaveHelpLink, LOCALES, TEXT_MAX_CHARS};

use super::home_class;
use crate::api::{self, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::pages::vendor::StaffOnly;
use crate::text::{self, use_page_title, I18n};

/// Adds (no id) or changes (the link's id) a help link.
type Save = Action<(Option<String>, SaveHelpLink), ApiResult<HelpLink>>;

#[component]
pub fn HelpLinksPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, home.help_links.title).to_string());
    view! { <StaffOnly><HelpLinks /></StaffOnly> }
}

fn language(i18n: I18n, tag: &str) -> String {
    match tag.parse::<Locale>() {
        Ok(locale) => text::language_name(i18n, locale),
        Err(_) => tag.to_owned(),
    }
}

#[component]
fn HelpLinks() -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    // The link being changed (`None`: the form adds one); the form is made anew when it changes
    // or after a save.
    let editing = RwSignal::new(None::<HelpLink>);
    let form_round = RwSignal::new(0u32);
    let confirming = RwSignal::new(None::<HelpLink>);
    let save: Save = Action::new_local(move |(id, body): &(Option<String>, SaveHelpLink)| {
        let adding = id.is_none();
        let call = match id.clone() {
            Some(id) => futures::future::Either::Left(api::change_help_link(id, body.clone())),
            None => futures::future::Either::Right(api::add_help_link(body.clone())),
        };
        async move {
            let result = call.await;
            if result.is_ok() {
                if adding {
                    toasts.success(move || ts!(i18n, home.help_links.added).to_string());
                } else {
                    toasts.success(move || ts!(i18n, home.help_links.saved).to_string());
                }
                editing.set(None);
                form_round.update(|n| *n += 1);
            }
            result
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let call = api::delete_help_link(id.clone());
        async move {
            let result = call.await;
            match &result {
                Ok(()) => {
                    toasts.success(move || ts!(i18n, home.help_links.deleted).to_string());
                    confirming.set(None);
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let links = LocalResource::new(move || {
        save.version().track();
        remove.version().track();
        api::list_help_links()
    });
    let retry = Callback::new(move |_| links.refetch());
    let groups = move || {
        links.get().map(|result| {
            result.map(|list| {
                LOCALES
                    .iter()
                    .map(|tag| {
                        let tag = *tag;
                        let mut mine: Vec<HelpLink> = list.links.iter().filter(|l| l.locale == tag).cloned().collect();
                        mine.sort_by_key(|l| l.position);
                        view! { <LanguageGroup tag=tag links=mine editing=editing confirming=confirming /> }
                    })
                    .collect_view()
            })
        })
    };
    let confirm = move || {
        confirming.get().map(|link| {
            let (id, title) = (link.id.clone(), link.title.clone());
            view! {
                <ConfirmPanel
                    id="delete-help-link"
                    title=Signal::derive(move || ts!(i18n, home.help_links.delete_title, title = title.clone()))
                    text=Signal::derive(move || ts!(i18n, home.help_links.delete_text).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, home.help_links.delete).to_string())
                    busy=remove.pending()
                    on_confirm=Callback::new(move |_| { remove.dispatch(id.clone()); })
                    on_cancel=Callback::new(move |_| confirming.set(None))
                />
            }
        })
    };
    let form = move || {
        form_round.track();
        let current = editing.get();
        view! { <LinkForm editing=current save=save on_cancel=Callback::new(move |_| editing.set(None)) /> }
    };
    view! { class=class,
        <h2 class="visually-hidden">{tv!(i18n, home.help_links.title)}</h2>
        <p class="muted">{tv!(i18n, home.help_links.intro)}</p>
        <div class="detail-grid">
            <div class="detail-main" aria-live="polite">
                {confirm}
                <Loaded on_retry=retry>{groups}</Loaded>
            </div>
            <div class="detail-side">{form}</div>
        </div>
    }
}

/// The links of one language, in their order, each with Change and Delete.
#[component]
fn LanguageGroup(
    /// The language's tag (`en`, `zh-TW`, `sl`).
    tag: &'static str,
    /// Its links, ordered.
    links: Vec<HelpLink>,
    /// Set to a link to change it in the form.
    editing: RwSignal<Option<HelpLink>>,
    /// Set to a link to ask before deleting it.
    confirming: RwSignal<Option<HelpLink>>,
) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let heading = format!("help-links-{tag}");
    let labelled_by = heading.clone();
    let body = if links.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.help_links.empty)}</p> }.into_any()
    } else {
        let items = links
            .into_iter()
            .map(|link| {
                let (edit_title, delete_title) = (link.title.clone(), link.title.clone());
                let (for_edit, for_delete) = (link.clone(), link.clone());
                let description = (!link.description.is_empty()).then(|| view! { class=class, <p class="muted help-description">{link.description.clone()}</p> });
                view! { class=class,
                    <li class="home-item help-link">
                        <a href=link.url.clone() rel="noopener noreferrer" target="_blank">{link.title.clone()}</a>
                        <span class="muted mono">{link.url.clone()}</span>
                        {description}
                        <div class="home-links">
                            <button type="button" class="btn btn-secondary btn-sm"
                                aria-label=move || ts!(i18n, home.help_links.edit_label, title = edit_title.clone())
                                on:click=move |_| editing.set(Some(for_edit.clone()))>
                                {tv!(i18n, home.help_links.edit)}
                            </button>
                            <button type="button" class="btn btn-secondary btn-sm"
                                aria-label=move || ts!(i18n, home.help_links.delete_label, title = delete_title.clone())
                                on:click=move |_| confirming.set(Some(for_delete.clone()))>
                                {tv!(i18n, home.help_links.delete)}
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    view! { class=class,
        <section class="card home-block" aria-labelledby=labelled_by>
            <h3 id=heading class="card-title">{move || language(i18n, tag)}</h3>
            {body}
        </section>
    }
}

/// Adds a link, or changes the one given.
#[component]
fn LinkForm(
    /// The link to change; `None` adds one.
    editing: Option<HelpLink>,
    /// Saves it.
    save: Save,
    /// Stops changing a link (the form adds again).
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = editing.as_ref().map(|l| l.id.clone());
    let start = editing.clone().unwrap_or(HelpLink {
        id: String::new(),
        locale: "en".into(),
        title: String::new(),
        url: String::new(),
        description: String::new(),
        position: 0,
    });
    let locale = RwSignal::new(start.locale.clone());
    let title = RwSignal::new(start.title.clone());
    let url = RwSignal::new(start.url.clone());
    let description = RwSignal::new(start.description.clone());
    let position = RwSignal::new(start.position.to_string());
    let is_edit = id.is_some();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.dispatch((
            id.clone(),
            SaveHelpLink {
                locale: locale.get_untracked(),
                title: title.get_untracked().trim().to_owned(),
                url: url.get_untracked().trim().to_owned(),
                description: description.get_untracked().trim().to_owned(),
                position: position.get_untracked().trim().parse().unwrap_or(0),
            },
        ));
    };
    let heading = move || {
        (if is_edit { ts!(i18n, home.help_links.edit_title) } else { ts!(i18n, home.help_links.add_title) }).to_string()
    };
    let locale_error = field_error(save, "locale");
    let description_error = field_error(save, "description");
    view! {
        <section class="card" aria-labelledby="help-link-form">
            <h3 id="help-link-form" class="card-title">{heading}</h3>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(save) />
                <div class="field">
                    <label class="field-label" for="field-help_locale">{tv!(i18n, home.help_links.language)}</label>
                    <select id="field-help_locale" class="input select"
                        aria-invalid=move || locale_error.with(Option::is_some).to_string()
                        aria-describedby="field-help_locale-error"
                        on:change=move |ev| locale.set(event_target_value(&ev))>
                        {LOCALES
                            .iter()
                            .map(|tag| {
                                let tag = *tag;
                                view! { <option value=tag selected=move || locale.get() == tag>{move || language(i18n, tag)}</option> }
                            })
                            .collect_view()}
                    </select>
                    {move || locale_error.get().map(|e| view! { <p class="field-error" id="field-help_locale-error" role="alert">{e}</p> })}
                </div>
                <TextField name="help_title" label=Signal::derive(move || ts!(i18n, home.help_links.link_title).to_string())
                    value=title error=field_error(save, "title") required=true maxlength=TEXT_MAX_CHARS />
                <TextField name="help_url" label=Signal::derive(move || ts!(i18n, home.help_links.url).to_string())
                    value=url error=field_error(save, "url") input_type="url" required=true />
                <div class="field">
                    <label class="field-label" for="field-help_description">{tv!(i18n, home.help_links.description)}</label>
                    <textarea id="field-help_description" class="input textarea" rows="3"
                        aria-invalid=move || description_error.with(Option::is_some).to_string()
                        aria-describedby="field-help_description-error"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    {move || description_error.get().map(|e| view! { <p class="field-error" id="field-help_description-error" role="alert">{e}</p> })}
                </div>
                <TextField name="help_position" label=Signal::derive(move || ts!(i18n, home.help_links.position).to_string())
                    value=position error=field_error(save, "position") input_type="number" />
                <div class="form-actions">
                    <SubmitButton busy=save.pending()
                        label=Signal::derive(move || (if is_edit { ts!(i18n, home.help_links.save) } else { ts!(i18n, home.help_links.add) }).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, home.help_links.saving).to_string()) />
                    {is_edit.then(|| view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>{tv!(i18n, home.help_links.cancel)}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
