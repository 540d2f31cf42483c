import { TextField, type TextFieldProps } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTypedBeforeHydration } from "./use-typed-before-hydration";

type Props = Omit<TextFieldProps, "value" | "onChange"> & { name: string; initialValue?: string };

/**
 * Polaris TextField for a plain Remix <Form> (or a fetcher's): holds its own
 * value and posts it under `name`. Its error belongs to the value it was given
 * for: typing hides it, and the next submission shows what the server says then.
 */
export function FormTextField({ initialValue = "", error, ...props }: Props) {
  const [value, setValue] = useState(initialValue);
  const [edited, setEdited] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const submitted = () => setEdited(false);
    form.addEventListener("submit", submitted);
    return () => form.removeEventListener("submit", submitted);
  }, []);
  // What was typed before the page was hydrated stays, as an edit (use-typed-before-hydration.ts).
  useTypedBeforeHydration(ref, { [props.name]: initialValue }, (typed) => {
    setValue(typed[props.name] ?? initialValue);
    setEdited(true);
  });
  return (
    <div ref={ref} style={{ display: "contents" }}>
      <TextField
        {...props}
        value={value}
        error={edited ? undefined : error}
        onChange={(next) => {
          setValue(next);
          setEdited(true);
        }}
      />
    </div>
  );
}
