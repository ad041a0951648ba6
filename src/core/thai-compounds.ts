/**
 * Thai compounds a reader reads as one word but ICU's line-break dictionary splits ("ปาน|กลาง",
 * "ร้อง|เรียน", "ความ|คิดเห็น"). The app (src/app/thai-words.ts) and the server's printed report
 * (src/server/report/html.ts) keep each whole on a line with a span that does not wrap.
 */

// Longer alternatives first: the regex takes the first that matches at a position.
export const THAI_COMPOUNDS =
  /ผู้มีส่วนได้ส่วนเสีย|ส่วนได้ส่วนเสีย|(?:มี)?ส่วนร่วม|ความ(?:คิดเห็น|พึงพอใจ|คาดหวัง)|พึงพอใจ|ปานกลาง|ร้องเรียน|ท้องถิ่น|งบประมาณ|เพียงพอ|ข้อเสนอแนะ|ข้อมูลข่าวสาร|ส่วนบุคคล|สำนักงาน|ผู้(?:ตอบ|ปกครอง)|ที่สุด/g;
