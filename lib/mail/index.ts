// Outgoing mail, only when SMTP_URL and MAIL_FROM are set (lib/config.ts).
// Without them Crumbtrail sends nothing and people copy links by hand.
import type { Transporter } from "nodemailer";
import { config } from "../config";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | null = null;

export function mailEnabled(): boolean {
  return config().smtp !== null;
}

/** Sends one message; resolves false (and logs why) when mail is off or sending failed. */
export async function sendMail(mail: Mail): Promise<boolean> {
  const smtp = config().smtp;
  if (!smtp) return false;
  try {
    if (!transport) {
      const nodemailer = await import("nodemailer");
      transport = nodemailer.createTransport(smtp.url);
    }
    await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    console.error(`[crumbtrail] could not send mail to ${mail.to}: ${(error as Error).message}`);
    return false;
  }
}

export function invitationMail(input: { to: string; organizationName: string; role: string; url: string; expiresAt: Date; invitedBy: string }): Mail {
  return {
    to: input.to,
    subject: `Join ${input.organizationName} on Crumbtrail`,
    text: [
      `${input.invitedBy} invited you to ${input.organizationName} on Crumbtrail as ${input.role}.`,
      "",
      `Accept the invitation: ${input.url}`,
      "",
      `The link works once and expires on ${input.expiresAt.toUTCString()}.`,
      "If you did not expect it, ignore this message.",
    ].join("\n"),
  };
}

/** To the owner of an address someone tried to sign up with again: the form itself does not say the account exists. */
export function accountExistsMail(input: { to: string; signInUrl: string }): Mail {
  return {
    to: input.to,
    subject: "You already have a Crumbtrail account",
    text: [
      "Someone, probably you, tried to create a Crumbtrail account with this email address.",
      "",
      `You already have one: sign in at ${input.signInUrl}`,
      "",
      "If it was not you, nothing changed and you can ignore this message.",
    ].join("\n"),
  };
}
