//! The wasm boundary's two directions through serde-wasm-bindgen: views out as plain objects
//! (JSON-compatible: numbers, not BigInts; `null` for None; maps as objects), and the page's
//! input objects in as serde types, with the path of a field that does not fit its type.

use crate::sim::brief;
use js_sys::{Array, Function, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `value` as a plain JavaScript object, array, string or number.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&message(&e.into())))
}

/// Reads `value` as a `T`. `root` names the object as errors name it (`settings`, `rules`,
/// `options`, `run`...). A field of the wrong type, or a missing one, is named by its path,
/// e.g. `settings.values[1]: invalid type: ...` (the rest is serde's own explanation); what a
/// field's value may be within its type is the project's validation, after this.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, root: &str) -> Result<T, String> {
    // Every input is an object with named fields. serde-wasm-bindgen would read an array as
    // one, looking its field names up on it (and find `values`, Array.prototype.values).
    if Array::is_array(value) {
        return Err(format!(
            "{root} must be an object with named fields, not an array"
        ));
    }
    let value = plain_copy(value).map_err(|reason| format!("{root} cannot be read: {reason}"))?;
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        let path = e.path().to_string();
        let reason = message(&e.into_inner().into());
        // The path of the object itself is "."; of a field, its names and indices.
        let place = match path.as_str() {
            "." => root.to_string(),
            _ if path.starts_with('[') => format!("{root}{path}"),
            _ => format!("{root}.{path}"),
        };
        brief(&format!("{place}: {reason}"))
    })
}

/// A plain copy of `value`, made by the platform's `structuredClone`: data only, with no
/// getters, proxies or functions left. serde-wasm-bindgen reads properties with calls that do
/// not catch exceptions; a getter or proxy that throws would unwind through the wasm module
/// and leave the playground borrowed. Copying first turns such a value into an error here.
fn plain_copy(value: &JsValue) -> Result<JsValue, String> {
    let clone = Reflect::get(&js_sys::global(), &JsValue::from_str("structuredClone"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    match clone {
        Some(clone) => clone
            .call1(&JsValue::UNDEFINED, value)
            .map_err(|e| message(&e)),
        // Every browser the page supports has structuredClone; a value without it is read as
        // it is.
        None => Ok(value.clone()),
    }
}

/// What a JavaScript exception or error value says: an `Error`'s message, a thrown string,
/// or a fixed sentence for anything else (whose own `toString` might throw).
pub fn message(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "a value that is not an Error was thrown".to_string())
}
