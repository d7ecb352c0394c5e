//! Inline SVG icons (decorative: hidden from assistive technology; the text next to them speaks).

use leptos::prelude::*;

#[component]
pub fn IconLogo() -> impl IntoView {
    view! {
        <svg class="icon-logo" width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M9 21.5c1.6 1.4 3.9 2.2 6.6 2.2 3.6 0 5.9-1.7 5.9-4.3 0-2.4-1.7-3.4-5.1-4.1l-1.7-.4c-1.8-.4-2.5-.9-2.5-1.8 0-1.1 1.1-1.8 2.8-1.8 1.9 0 3.3.7 4.3 1.7l2-2.3c-1.4-1.4-3.6-2.3-6.3-2.3-3.5 0-5.9 1.8-5.9 4.6 0 2.4 1.6 3.6 4.9 4.2l1.7.4c1.9.4 2.6.9 2.6 1.9 0 1.1-1.2 1.9-3.1 1.9-2 0-3.7-.8-4.9-2.1z" fill="#fff" />
        </svg>
    }
}

#[component]
pub fn IconGlobe() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" />
            <path d="M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z" />
        </svg>
    }
}

#[component]
pub fn IconMenu() -> impl IntoView {
    view! {
        <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true" focusable="false">
            <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
    }
}

#[component]
pub fn IconClose() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
        </svg>
    }
}

#[component]
pub fn IconCheck() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <path d="M20 6L9 17l-5-5" />
        </svg>
    }
}

#[component]
pub fn IconWarning() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <path d="M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
            <path d="M12 9v4M12 17h.01" />
        </svg>
    }
}

#[component]
pub fn IconMail() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <rect x="2" y="4" width="20" height="16" rx="2" />
            <path d="M22 6l-10 7L2 6" />
        </svg>
    }
}

#[component]
pub fn IconUser() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <circle cx="12" cy="8" r="4" />
            <path d="M4 21a8 8 0 0 1 16 0" />
        </svg>
    }
}
