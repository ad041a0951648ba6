/** A small survey used by unit tests: every question type, conditions, a list. */
import type { SurveyDefinition } from '../src/core/survey.js';

const t = (th: string, en: string) => ({ th, en });

/** A valid definition exercising every question type. */
export const sampleSurvey: SurveyDefinition = {
  format: 1,
  id: 'sample',
  version: 1,
  kind: 'survey',
  title: t('แบบทดสอบ', 'Sample'),
  privacy: { version: 'p1', title: t('ประกาศ', 'Notice'), body: [t('ข้อความ', 'Text')] },
  dimensions: [{ id: 'inform', label: t('การให้ข้อมูล', 'Inform') }],
  lists: {
    schools: [
      { value: 's1', label: t('โรงเรียนหนึ่ง', 'School One'), detail: t('เมือง', 'Mueang') },
      { value: 's2', label: t('โรงเรียนสอง', 'School Two') },
    ],
  },
  sections: [
    {
      id: 'about',
      title: t('ผู้ตอบ', 'About you'),
      questions: [
        {
          id: 'group',
          type: 'single',
          label: t('กลุ่ม', 'Group'),
          required: true,
          other: true,
          options: [
            { value: 'parent', label: t('ผู้ปกครอง', 'Parent') },
            { value: 'teacher', label: t('ครู', 'Teacher') },
          ],
        },
        {
          id: 'school',
          type: 'lookup',
          list: 'schools',
          label: t('โรงเรียน', 'School'),
          showIf: { question: 'group', in: ['parent', 'teacher'] },
        },
        {
          id: 'channels',
          type: 'multiple',
          label: t('ช่องทาง', 'Channels'),
          min: 1,
          max: 2,
          options: [
            { value: 'web', label: t('เว็บ', 'Web') },
            { value: 'phone', label: t('โทรศัพท์', 'Phone') },
            { value: 'visit', label: t('มาเอง', 'Visit') },
          ],
        },
      ],
    },
    {
      id: 'ratings',
      title: t('ความคิดเห็น', 'Opinions'),
      questions: [
        {
          id: 'r1',
          type: 'rating-pair',
          dimension: 'inform',
          required: true,
          label: t('ข้อมูลถูกต้อง', 'Accurate information'),
        },
        { id: 'r2', type: 'rating', label: t('ภาพรวม', 'Overall') },
      ],
    },
    {
      id: 'teachers',
      title: t('สำหรับครู', 'For teachers'),
      showIf: { question: 'group', equals: 'teacher' },
      questions: [
        { id: 'years', type: 'number', integer: true, min: 0, max: 60, label: t('อายุงาน', 'Years of service') },
      ],
    },
    {
      id: 'open',
      title: t('ข้อเสนอแนะ', 'Suggestions'),
      questions: [
        { id: 'suggest', type: 'long-text', maxLength: 50, label: t('ข้อเสนอแนะ', 'Suggestions') },
        { id: 'when', type: 'date', max: 'today', label: t('วันที่', 'Date') },
        { id: 'name', type: 'text', maxLength: 10, label: t('ชื่อเล่น', 'Nickname') },
      ],
    },
  ],
};
