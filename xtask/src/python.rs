use crate::describe::Description;
use crate::Output;
pub fn generate(_d: &Description) -> Result<Vec<Output>, String> {
    Ok(vec![])
}
