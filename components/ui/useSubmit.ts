"use client";

import { useState, useTransition, type FormEvent } from "react";

/**
 * Runs a server action from a form's submit event. Unlike <form action>, the
 * form is not reset afterwards, so what people typed survives an error message.
 */
export function useSubmit<S>(action: (previous: S, form: FormData) => Promise<S>, initial: S, clearWhen?: (next: S) => boolean) {
  const [state, setState] = useState<S>(initial);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    startTransition(async () => {
      const next = await action(state, form);
      setState(next);
      if (clearWhen?.(next)) element.reset();
    });
  }
  return { state, onSubmit, pending };
}
