//! An inline confirmation for actions that cannot be undone (remove a member, delete a team,
//! transfer the contract manager role): a labelled alert dialog that takes focus, Escape cancels.

use leptos::ev::KeyboardEvent;
use leptos::html::Button;
use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn ConfirmPanel(
    /// A unique id prefix (for the dialog's label and description).
    id: &'static str,
    /// The question, as the dialog's name.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen.
    #[prop(into)]
    text: Signal<String>,
    /// The label of the confirming button.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// True while the confirmed action runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Runs the action.
    on_confirm: Callback<()>,
    /// Closes the panel without doing anything.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cancel_ref = NodeRef::<Button>::new();
    // Reaching outside: move focus into the dialog when it opens.
    Effect::new(move |_| {
        if let Some(button) = cancel_ref.get() {
            let _ = button.focus();
        }
    });
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };
    view! {
        <div
            class="confirm"
            role="alertdialog"
            aria-labelledby=format!("{id}-title")
            aria-describedby=format!("{id}-text")
            on:keydown=on_key
        >
            <p class="confirm-title" id=format!("{id}-title")>{move || title.get()}</p>
            <p id=format!("{id}-text")>{move || text.get()}</p>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn btn-danger"
                    disabled=move || busy.get()
                    aria-busy=move || if busy.get() { "true" } else { "false" }
                    on:click=move |_| on_confirm.run(())
                >
                    {move || busy.get().then(|| view! { <span class="spinner spinner-sm" aria-hidden="true"></span> })}
                    {move || confirm_label.get()}
                </button>
                <button
                    type="button"
                    class="btn btn-secondary"
                    node_ref=cancel_ref
                    on:click=move |_| on_cancel.run(())
                >
                    {tv!(i18n, core.common.cancel)}
                </button>
            </div>
        </div>
    }
}
