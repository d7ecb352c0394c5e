//! A labelled `<select>` of typed values: every drop-down of the portal (filters, forms).

use leptos::prelude::*;

use crate::routes::QueryValue;

/// A drop-down with a label. Values are typed (`T` is written and read by its API name), the
/// options are `(value, label)`; with `empty`, a first choice for "none / all" gives `None`.
#[component]
pub fn SelectField<T>(
    /// The element id (the label points at it).
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The choices, in order.
    #[prop(into)]
    options: Signal<Vec<(T, String)>>,
    /// The chosen value (`None`: the empty choice).
    #[prop(into)]
    value: Signal<Option<T>>,
    /// Called with the new choice.
    on_change: Callback<Option<T>>,
    /// What the empty choice says ("Any", "All"); without it, there is none.
    #[prop(optional, into)]
    empty: Option<Signal<String>>,
    /// Extra classes of the field (layout).
    #[prop(optional)]
    class: &'static str,
    /// The field is required (for forms).
    #[prop(optional)]
    required: bool,
    /// A translated problem shown under the field (forms).
    #[prop(optional, into)]
    error: MaybeProp<String>,
) -> impl IntoView
where
    T: QueryValue + Clone + PartialEq + Send + Sync + 'static,
{
    let current = move || value.get().map(|v| v.to_query()).unwrap_or_default();
    let error_id = format!("field-{id}-error");
    let described = error_id.clone();
    view! {
        <div class=format!("field {class}")>
            <label class="field-label" for=id>{move || label.get()}</label>
            <select
                id=id
                class="input select"
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| described.clone())
                on:change=move |ev| on_change.run(T::from_query(&event_target_value(&ev)))
                // After the options: the value is set once they exist.
                prop:value=move || {
                    options.track();
                    current()
                }
            >
                {empty.map(|e| view! { <option value="">{move || e.get()}</option> })}
                {move || {
                    let chosen = value.get_untracked();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, name)| {
                            let selected = chosen.as_ref() == Some(&v);
                            view! { <option value=v.to_query() selected=selected>{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
