//! A button that opens a popup under it: either a menu of actions (`role="menu"`, the arrow keys,
//! Home and End move between its items) or a panel of content (a disclosure). Both close on
//! Escape, returning focus to the button, and when focus leaves them.

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The open state of one popup and the elements it moves focus between. Items inside the popup
/// use it to close it (`close(true)` after an action chosen from a menu).
#[derive(Clone, Copy)]
pub struct Popup {
    open: RwSignal<bool>,
    button: NodeRef<html::Button>,
    panel: NodeRef<html::Div>,
}

impl Default for Popup {
    fn default() -> Self {
        Self::new()
    }
}

impl Popup {
    pub fn new() -> Self {
        Self { open: RwSignal::new(false), button: NodeRef::new(), panel: NodeRef::new() }
    }

    /// Closes the popup; with `focus_button`, focus goes back to the button that opened it.
    pub fn close(&self, focus_button: bool) {
        self.open.set(false);
        if focus_button {
            if let Some(button) = self.button.get_untracked() {
                let _ = button.focus();
            }
        }
    }

    fn items(&self) -> Vec<web_sys::HtmlElement> {
        let Some(panel) = self.panel.get_untracked() else { return Vec::new() };
        let Ok(list) = panel.query_selector_all("[role=menuitem]") else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .collect()
    }

    /// Focuses the item at `index`, counting from the end when negative, wrapping around.
    fn focus_item(&self, index: isize) {
        let items = self.items();
        if items.is_empty() {
            return;
        }
        let len = items.len() as isize;
        let _ = items[(((index % len) + len) % len) as usize].focus();
    }

    fn current_item(&self) -> isize {
        let active = document().active_element();
        self.items()
            .iter()
            .position(|item| {
                let item: &web_sys::Element = item;
                active.as_ref() == Some(item)
            })
            .map_or(-1, |i| i as isize)
    }

    /// Opens the popup; in a menu, focus then moves to its first or last item.
    fn open_at(&self, first_item: Option<bool>) {
        self.open.set(true);
        if let Some(first) = first_item {
            let popup = *self;
            // The panel is shown (hidden removed) before focus moves into it.
            request_animation_frame(move || popup.focus_item(if first { 0 } else { -1 }));
        }
    }
}

/// The button and its popup. `scope` is the calling component's style class, so that the
/// button and panel classes given here are styled by the caller's stylesheet.
#[component]
pub fn PopupButton(
    popup: Popup,
    scope: &'static str,
    /// The button's id; the panel's is `{id}-menu`.
    id: &'static str,
    /// A menu of `role="menuitem"` items rather than a panel of content.
    #[prop(optional)]
    menu: bool,
    /// The class of the element around the button and the panel.
    wrapper_class: &'static str,
    button_class: &'static str,
    panel_class: &'static str,
    /// What the button shows.
    #[prop(into)]
    label: ViewFn,
    /// The popup's content.
    children: Children,
) -> impl IntoView {
    let panel_id = format!("{id}-menu");
    let on_button_key = move |ev: KeyboardEvent| {
        let first = match ev.key().as_str() {
            "ArrowDown" => true,
            "ArrowUp" => false,
            _ => return,
        };
        if menu {
            // Handled here, not again by the panel's keys around it.
            ev.prevent_default();
            ev.stop_propagation();
            popup.open_at(Some(first));
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" && popup.open.get_untracked() {
            ev.prevent_default();
            popup.close(true);
            return;
        }
        if !menu || !popup.open.get_untracked() {
            return;
        }
        let target = match key.as_str() {
            "ArrowDown" => popup.current_item() + 1,
            "ArrowUp" => popup.current_item() - 1,
            "Home" => 0,
            "End" => -1,
            "Tab" => return popup.close(false),
            _ => return,
        };
        ev.prevent_default();
        popup.focus_item(target);
    };
    let wrapper = NodeRef::<html::Div>::new();
    // Focus moving outside the button and its popup (Tab away, a click elsewhere) closes it.
    let on_focus_out = move |ev: FocusEvent| {
        let inside = match (wrapper.get_untracked(), ev.related_target()) {
            (Some(root), Some(target)) => {
                let root: &web_sys::Node = &root;
                target.dyn_ref::<web_sys::Node>().is_some_and(|node| root.contains(Some(node)))
            }
            _ => false,
        };
        if !inside {
            popup.open.set(false);
        }
    };
    let on_click = move |_| {
        if popup.open.get_untracked() {
            popup.close(false)
        } else {
            popup.open_at(menu.then_some(true))
        }
    };
    view! { class=scope,
        <div class=wrapper_class node_ref=wrapper on:focusout=on_focus_out on:keydown=on_key>
            <button
                type="button"
                class=button_class
                id=id
                node_ref=popup.button
                aria-haspopup=menu.then_some("menu")
                aria-controls=panel_id.clone()
                aria-expanded=move || if popup.open.get() { "true" } else { "false" }
                on:click=on_click
                on:keydown=on_button_key
            >
                {label.run()}
            </button>
            <div
                id=panel_id
                class=panel_class
                role=menu.then_some("menu")
                aria-labelledby=menu.then_some(id)
                node_ref=popup.panel
                hidden=move || !popup.open.get()
            >
                {children()}
            </div>
        </div>
    }
}
