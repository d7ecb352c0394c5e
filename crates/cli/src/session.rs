//! `seatwise status` and `seatwise logout`: what this computer is signed in as, and signing
//! it out.

use crate::config;
use crate::context::Context;
use crate::exit::Failure;

/// Prints the stored sign-in; exit 3 when there is none.
pub fn status(context: &Context) -> Result<(), Failure> {
    let credentials = context.signed_in()?;
    println!(
        "Signed in to {} as device {}.",
        credentials.server, credentials.device_id
    );
    Ok(())
}

/// Deactivates this device on the server (so its token stops working everywhere), then
/// deletes the stored credentials. A token the server already rejects (401) is deleted all
/// the same; when the server cannot be reached the credentials stay, so the user can try again
/// rather than leave a working token behind.
pub async fn logout(context: &Context) -> Result<(), Failure> {
    let (_, client) = context.signed_in_client()?;
    match client.deactivate().await {
        Ok(()) => {}
        Err(error) if error.status() == Some(401) => {}
        Err(error) => return Err(Failure::from(error).context("not signed out")),
    }
    config::remove(&context.config_dir).map_err(Failure::local)?;
    println!("Signed out.");
    Ok(())
}
