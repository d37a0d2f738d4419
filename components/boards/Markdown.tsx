// A text tile's Markdown as React elements (react-markdown): raw HTML in it is
// shown as text, never parsed, and javascript: links are dropped by its default
// URL check. Links open in a new tab without a Referer, so a public board's
// token never reaches the linked site.
import ReactMarkdown, { type Components } from "react-markdown";

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" className="text-indigo-600 underline hover:text-indigo-500">
      {children}
    </a>
  ),
  h1: ({ children }) => <h3 className="mt-1 text-lg font-semibold text-slate-900">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-1 text-base font-semibold text-slate-900">{children}</h4>,
  h3: ({ children }) => <h5 className="mt-1 text-sm font-semibold text-slate-900">{children}</h5>,
  p: ({ children }) => <p className="mt-1 text-sm text-slate-700">{children}</p>,
  ul: ({ children }) => <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">{children}</ul>,
  ol: ({ children }) => <ol className="mt-1 list-decimal pl-5 text-sm text-slate-700">{children}</ol>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 text-xs">{children}</code>,
  // Images would load from anywhere a note names (and tell that site the board was opened): shown as their text.
  img: ({ alt }) => <span className="text-slate-500">[image: {alt ?? ""}]</span>,
};

export function Markdown({ text }: { text: string }) {
  return (
    <div className="break-words">
      <ReactMarkdown components={components}>{text}</ReactMarkdown>
    </div>
  );
}
