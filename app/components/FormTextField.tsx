import { TextField, type TextFieldProps } from "@shopify/polaris";
import { useState } from "react";

type Props = Omit<TextFieldProps, "value" | "onChange"> & { name: string; initialValue?: string };

/** Polaris TextField for a plain Remix <Form>: holds its own value and posts it under `name`. */
export function FormTextField({ initialValue = "", ...props }: Props) {
  const [value, setValue] = useState(initialValue);
  return <TextField {...props} value={value} onChange={setValue} />;
}
