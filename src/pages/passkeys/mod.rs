//! Passkeys: the card of the security page, the passkey button of the sign-in's second step,
//! and `/sign-in-passkey` (a sign-in with a passkey alone), with the browser's ceremonies. One
//! chunk (`seatwise_passkeys`), reached through one split function for its three parts, so the
//! pages that offer passkeys carry only the call: the security page and the second step show
//! their part when the chunk is here (`ShellPart`), the sign-in page is a route of its own.

mod ceremony;
mod views;

use std::{future::Future, pin::Pin};

use leptos::prelude::*;

use crate::components::lazy::{AreaPage, ChunkLoadError, PageFuture};
use crate::texts::Ns;

/// "Remember this browser" as ticked on the second step's form (its context), for the passkey
/// button there.
#[derive(Clone, Copy)]
pub struct RememberBrowser(pub RwSignal<bool>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Card,
    SecondStep,
    SignIn,
}

#[leptos::wasm_split::wasm_split(seatwise_passkeys, wasm_split_path = ::leptos::wasm_split, fallible, preload(#[doc(hidden)] __passkeys_preload))]
fn passkey_part(part: Part) -> Result<AnyView, ChunkLoadError> {
    Ok(match part {
        Part::Card => view! { <views::Passkeys /> }.into_any(),
        Part::SecondStep => view! { <views::PasskeyStep /> }.into_any(),
        Part::SignIn => view! { <views::PasskeySignInPage /> }.into_any(),
    })
}

/// The passkeys card of the security page (needs its overview and `Reload` contexts).
pub fn card() -> PageFuture {
    Box::pin(passkey_part(Part::Card))
}

/// The passkey button of the second step (needs [`RememberBrowser`]).
pub fn second_step() -> PageFuture {
    Box::pin(passkey_part(Part::SecondStep))
}

/// `/sign-in-passkey`, as a route.
pub struct SignIn;

impl AreaPage for SignIn {
    fn view() -> PageFuture {
        Box::pin(passkey_part(Part::SignIn))
    }
    fn preload() -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(async {
            let _ = __passkeys_preload().await;
        })
    }
    const TEXTS: &'static [Ns] = &[Ns::Core, Ns::Security];
}
