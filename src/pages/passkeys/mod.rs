//! Passkeys: the card of the security page (with the linked accounts and 2-step policies cards,
//! which come in this chunk too), and `/sign-in-passkey` (a sign-in with a passkey
//! alone, or the second step after the password with one), with the browser's ceremonies. One
//! chunk (`seatwise_passkeys`), reached through one split function for its two parts, so the
//! pages that offer passkeys carry only the call or a link: the security page shows the card
//! when the chunk is here (`ShellPart`), the sign-in page is a route of its own.

mod ceremony;
mod linked;
mod views;

use std::{future::Future, pin::Pin};

use leptos::prelude::*;

use crate::components::lazy::{AreaPage, ChunkLoadError, PageFuture};
use crate::texts::Ns;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Cards,
    SignIn,
}

#[leptos::wasm_split::wasm_split(seatwise_passkeys, wasm_split_path = ::leptos::wasm_split, fallible, preload(#[doc(hidden)] __passkeys_preload))]
fn passkey_part(part: Part) -> Result<AnyView, ChunkLoadError> {
    Ok(match part {
        Part::Cards => {
            view! { <views::Passkeys /> <linked::LinkedAccounts /> <crate::pages::security::policies::Policies /> }.into_any()
        }
        Part::SignIn => view! { <views::PasskeySignInPage /> }.into_any(),
    })
}

/// The passkeys, linked accounts and 2-step policies cards of the security page (they need its
/// overview and `Reload` contexts): one part, so that the security area carries one call for
/// all three.
pub fn cards() -> PageFuture {
    Box::pin(passkey_part(Part::Cards))
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
