// Passwords that every guessing attack tries first (the top of the public
// breach-frequency lists), kept to the ones of 8+ characters since shorter
// ones are refused anyway. A list this size costs nothing and stops the worst.
const COMMON = new Set([
  "12345678", "123456789", "1234567890", "0123456789", "password", "password1", "password12", "password123",
  "password!", "passw0rd", "p@ssw0rd", "p@ssword", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t",
  "1qaz2wsx", "zaq12wsx", "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "basketball",
  "superman", "batman123", "starwars", "trustno1", "letmein1", "letmein123", "welcome1", "welcome123", "changeme",
  "changeme1", "administrator", "admin123", "admin1234", "adminadmin", "computer", "internet", "whatever", "michael1",
  "jennifer", "charlie1", "liverpool", "chelsea1", "pokemon1", "dragon123", "monkey123", "shadow123", "master123",
  "abc12345", "abcd1234", "abcdefgh", "a1b2c3d4", "aa123456", "11111111", "00000000", "88888888", "87654321",
  "12341234", "12121212", "11223344", "987654321", "123123123", "qazwsxedc", "asdfghjkl", "zxcvbnm1", "q1w2e3r4",
  "q1w2e3r4t5", "secret123", "test1234", "testtest", "default1", "crumbtrail", "crumbtrail1", "crumbtrail123",
]);

/** True for a password on the list, or one character repeated, or a run like 12345678 or abcdefgh. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  if (new Set(lower).size === 1) return true;
  let ascending = true;
  for (let i = 1; i < lower.length && ascending; i++) ascending = lower.charCodeAt(i) === lower.charCodeAt(i - 1) + 1;
  return ascending;
}
