//! Form building blocks: labelled fields whose server errors appear next to them
//! (`aria-invalid`, `aria-describedby`) in the current language.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{countries, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use stylers::style_sheet;

use crate::api::{ApiError, ApiResult};
use crate::components::icons::IconWarning;
use crate::i18n::*;
use crate::intl;
use crate::text;

/// The translated error of one field, derived from the last result of an action.
pub fn field_error<I, O>(
    action: Action<I, ApiResult<O>>,
    field: &'static str,
) -> Signal<Option<String>>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    let i18n = use_i18n();
    Signal::derive(move || {
        action.value().with(|value| match value {
            Some(Err(error)) => error
                .field(field)
                .map(|code| text::field_message(i18n, field, code)),
            _ => None,
        })
    })
}

/// The last error of an action, if its last run failed.
pub fn action_error<I, O>(action: Action<I, ApiResult<O>>) -> Signal<Option<ApiError>>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().with(|value| match value {
            Some(Err(error)) => Some(error.clone()),
            _ => None,
        })
    })
}

/// The scoped class of the form styles (one `style_sheet!` so the CSS is emitted once).
fn form_class() -> &'static str {
    let class = style_sheet!("src/components/form.css");
    class
}

fn describedby(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_error {
        ids.push(format!("{id}-error"));
    }
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The error line under a field.
#[component]
fn FieldMessage(
    /// The field's id; the message gets `<id>-error`.
    id: String,
    /// The translated message, if any.
    error: Signal<Option<String>>,
    /// Announced when it appears (`role="alert"`).
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    let class = form_class();
    move || {
        error.get().map(|message| {
            view! { class=class,
                <p class="field-error" id=format!("{id}-error") role=alert.then_some("alert")>
                    <IconWarning />
                    <span>{message}</span>
                </p>
            }
        })
    }
}

/// A labelled single-line input.
#[component]
pub fn TextField(
    /// The field's name, which is also the key of its server error.
    name: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The value, bound both ways.
    value: RwSignal<String>,
    /// The translated error, if the last submit refused this field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Help text under the label.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    /// `type` of the input.
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// Longest accepted value, in characters.
    #[prop(optional)]
    maxlength: Option<usize>,
    /// Read-only fields are shown but not edited.
    #[prop(optional)]
    readonly: bool,
    /// The input's id, when `field-<name>` is not unique on the page (a field in each row).
    #[prop(optional, into)]
    id: Option<String>,
    /// Announces the error as it appears (`role="alert"`): for a form whose every refusal is
    /// about its one field, so that no form-level alert says it first.
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    let class = form_class();
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let has_hint = move || hint.get().is_some();
    let described = {
        let id = id.clone();
        move || describedby(&id, has_hint(), error.with(Option::is_some))
    };
    let hint_id = format!("{id}-hint");
    view! { class=class,
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>
                {move || label.get()}
                {(!required).then(|| view! { class=class,
                    <span class="field-optional">" (" {tv!(i18n, core.fields.optional)} ")"</span>
                })}
            </label>
            {move || hint.get().map(|hint| view! { class=class, <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            <input
                class="input"
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                readonly=readonly
                maxlength=maxlength
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            />
            <FieldMessage id=id error=error alert=alert />
        </div>
    }
}

/// A password input with the rules shown and a show/hide toggle.
#[component]
pub fn PasswordField(
    /// The field's name, which is also the key of its server error.
    name: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The value, bound both ways.
    value: RwSignal<String>,
    /// The translated error, if the last submit refused this field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// `current-password` or `new-password`.
    autocomplete: &'static str,
    /// Show the password rules (for new passwords).
    #[prop(optional)]
    show_rules: bool,
) -> impl IntoView {
    let class = form_class();
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let revealed = RwSignal::new(false);
    let described = {
        let id = id.clone();
        move || describedby(&id, show_rules, error.with(Option::is_some))
    };
    let rules = move || {
        let min = text::number(i18n, PASSWORD_MIN_CHARS);
        let max = text::number(i18n, PASSWORD_MAX_CHARS);
        ts!(i18n, core.password_rules.text, min = min.to_string(), max = max.to_string())
        .to_string()
    };
    let hint_id = format!("{id}-hint");
    view! { class=class,
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>{move || label.get()}</label>
            {show_rules.then(|| view! { class=class, <p class="field-hint" id=hint_id>{rules}</p> })}
            <div class="password-wrap">
                <input
                    class="input"
                    id=id.clone()
                    name=name
                    type=move || if revealed.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required=true
                    maxlength=PASSWORD_MAX_CHARS
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described
                    bind:value=value
                />
                <button
                    type="button"
                    class="password-toggle"
                    aria-controls=id.clone()
                    aria-pressed=move || if revealed.get() { "true" } else { "false" }
                    on:click=move |_| revealed.update(|r| *r = !*r)
                >
                    {move || if revealed.get() {
                        ts!(i18n, core.password_rules.hide)
                    } else {
                        ts!(i18n, core.password_rules.show)
                    }}
                </button>
            </div>
            <FieldMessage id=id error=error />
        </div>
    }
}

/// Country or region, named and sorted in the current language by the browser.
#[component]
pub fn CountrySelect(
    /// The ISO alpha-2 code, bound both ways ("" = not chosen).
    value: RwSignal<String>,
    /// The translated error, if the last submit refused this field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let class = form_class();
    let i18n = use_i18n();
    let id = "field-country".to_string();
    let regions = Memo::new(move |_| intl::sorted_regions(text::tag(i18n), countries()));
    let described = {
        let id = id.clone();
        move || describedby(&id, false, error.with(Option::is_some))
    };
    view! { class=class,
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>
                {tv!(i18n, core.fields.country)}
                {(!required).then(|| view! { class=class,
                    <span class="field-optional">" (" {tv!(i18n, core.fields.optional)} ")"</span>
                })}
            </label>
            <select
                class="input select"
                id=id.clone()
                name="country"
                autocomplete="country"
                required=required
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || { regions.track(); value.get() }
            >
                <option value="" selected=move || value.with(String::is_empty)>
                    {tv!(i18n, core.fields.country_placeholder)}
                </option>
                {move || {
                    regions
                        .get()
                        .into_iter()
                        .map(|(code, name)| {
                            view! {
                                <option value=code selected=move || value.with(|v| v == code)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessage id=id error=error />
        </div>
    }
}

/// A checkbox with its label (and optional help text) to the right.
#[component]
pub fn CheckboxField(
    /// The field's name, which is also the key of its server error.
    name: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Checked or not, bound both ways.
    checked: RwSignal<bool>,
    /// The translated error, if the last submit refused this field.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Help text under the label.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// A link under the label (for example to the privacy statement); outside the label, so
    /// following it does not tick the box.
    #[prop(optional, into)]
    link_href: Option<String>,
    /// The link's text.
    #[prop(optional, into)]
    link_label: MaybeProp<String>,
) -> impl IntoView {
    let class = form_class();
    let id = format!("field-{name}");
    let has_hint = move || hint.get().is_some();
    let described = {
        let id = id.clone();
        move || describedby(&id, has_hint(), error.with(Option::is_some))
    };
    let hint_id = format!("{id}-hint");
    view! { class=class,
        <div class="field field-check" class:field-invalid=move || error.with(Option::is_some)>
            <div class="check-row">
                <input
                    class="checkbox"
                    type="checkbox"
                    id=id.clone()
                    name=name
                    required=required
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described
                    bind:checked=checked
                />
                <div class="check-text">
                    <label class="check-label" for=id.clone()>{move || label.get()}</label>
                    {move || hint.get().map(|hint| view! { class=class, <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
                    {link_href.map(|href| view! { class=class,
                        <p class="field-hint">
                            <A href=href attr:class=format!("check-link {class}")>{move || link_label.get()}</A>
                        </p>
                    })}
                </div>
            </div>
            <FieldMessage id=id error=error />
        </div>
    }
}

/// The form-level message of a failed submit (role=alert), translated from its code.
#[component]
pub fn FormAlert(
    /// The last error, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            let message = move || text::error_message(i18n, &error);
            view! {
                <div class="alert alert-error" role="alert">
                    <IconWarning />
                    <p>{message}</p>
                </div>
            }
        })
    }
}

/// A submit button that shows a busy label and is disabled while its action runs.
#[component]
pub fn SubmitButton(
    /// True while the action runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// The label.
    #[prop(into)]
    label: Signal<String>,
    /// The label while busy.
    #[prop(into)]
    busy_label: Signal<String>,
    /// Extra classes (for example `btn-block`).
    #[prop(optional)]
    extra_class: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=format!("btn btn-primary {extra_class}")
            disabled=move || busy.get()
            aria-busy=move || if busy.get() { "true" } else { "false" }
        >
            {move || busy.get().then(|| view! { <span class="spinner spinner-sm" aria-hidden="true"></span> })}
            {move || if busy.get() { busy_label.get() } else { label.get() }}
        </button>
    }
}

/// A person's given and family name, in the order of the interface language (family name first
/// in Traditional Chinese), as one row of the form: sign-up, accepting an invitation and the profile.
#[component]
pub fn PersonNameFields(
    /// The given name.
    first_name: RwSignal<String>,
    /// The family name.
    last_name: RwSignal<String>,
    /// The server's refusal of the given name, translated.
    #[prop(into)]
    first_error: Signal<Option<String>>,
    /// The server's refusal of the family name, translated.
    #[prop(into)]
    last_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |given: bool| {
        let (name, value, error, autocomplete) = if given {
            ("first_name", first_name, first_error, "given-name")
        } else {
            ("last_name", last_name, last_error, "family-name")
        };
        let label = Signal::derive(move || {
            if given {
                ts!(i18n, core.fields.first_name).to_string()
            } else {
                ts!(i18n, core.fields.last_name).to_string()
            }
        });
        view! {
            <TextField
                name=name
                label=label
                value=value
                error=error
                autocomplete=autocomplete
                required=true
                maxlength=seatwise_api::NAME_MAX_CHARS
            />
        }
    };
    move || {
        let family_first = i18n.get_locale() == Locale::zh_TW;
        view! { <div class="form-row">{field(!family_first)}{field(family_first)}</div> }
    }
}
